// The floor of any Node validator, for bench/validation.ts: start Node, run `wasm-tools validate` on the file while
// reading it and taking its sha256, and wait for both. Nothing a Node tool does can take less.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [wasmTools, file] = process.argv.slice(2);
const validated = new Promise((resolve) =>
  spawn(wasmTools, ['validate', file], { stdio: 'ignore' }).on('close', resolve),
);
createHash('sha256').update(readFileSync(file)).digest('hex');
if ((await validated) !== 0) process.exit(1);
