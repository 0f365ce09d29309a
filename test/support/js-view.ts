/**
 * A real JavaScript view, componentized with jco the way Primatomic's guide says (`--disable=all`). It takes
 * about ten seconds, so the result is kept in node_modules/.cache, keyed by the source and the WIT.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './run-action.ts';

const SOURCE = path.join(ROOT, 'test/fixtures/counter-view.js');
const WIT = path.join(ROOT, 'src/contract/machine.wit');
const JCO = path.join(ROOT, 'node_modules/@bytecodealliance/jco/dist/jco.js');

export async function jsViewPath(): Promise<string> {
  const key = createHash('sha256').update(readFileSync(SOURCE)).update(readFileSync(WIT)).digest('hex').slice(0, 16);
  const cacheDir = path.join(ROOT, 'node_modules/.cache/primatomic-view-action');
  const output = path.join(cacheDir, `js-view-${key}.wasm`);
  if (existsSync(output)) return output;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${output}.${process.pid}.partial`;
  await promisify(execFile)(process.execPath, [
    JCO,
    'componentize',
    '--wit',
    WIT,
    '--world-name',
    'state-machine',
    '--out',
    partial,
    '--disable=all',
    SOURCE,
  ]);
  renameSync(partial, output);
  return output;
}
