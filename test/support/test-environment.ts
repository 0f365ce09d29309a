// Loaded into every test process (`node --test --import`): the wasm-tools that validates components in the tests is
// put first on PATH, so that the action finds it there and never downloads it from github.com. `npm test` builds it
// first (pretest: scripts/install-wasm-tools.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../node_modules/.cache/wasm-tools/bin');
if (!existsSync(path.join(bin, process.platform === 'win32' ? 'wasm-tools.exe' : 'wasm-tools'))) {
  throw new Error(`The tests need wasm-tools in ${bin}: run \`node scripts/install-wasm-tools.ts\` (npm test does).`);
}
process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
