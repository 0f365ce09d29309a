/**
 * wasmtime from PyPI, in a virtual environment kept under node_modules/.cache, for running components in a second
 * runtime that offers no imports at all (see run_in_wasmtime.py).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-action.ts';

const WASMTIME = '51.0.0';
const VENV = path.join(ROOT, `node_modules/.cache/primatomic-view-action/wasmtime-${WASMTIME}`);

function python(): string {
  const bin = path.join(VENV, 'bin/python');
  if (!existsSync(path.join(VENV, 'installed'))) {
    execFileSync('python3', ['-m', 'venv', VENV]);
    execFileSync(bin, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `wasmtime==${WASMTIME}`]);
    execFileSync('touch', [path.join(VENV, 'installed')]);
  }
  return bin;
}

export interface WasmtimeRun {
  imports: string[];
  answers: string[];
  snapshot: string;
  restoredAnswers: string[];
}

export function runInWasmtime(component: string, events: string[], queries: string[]): WasmtimeRun {
  const script = path.join(import.meta.dirname, 'run_in_wasmtime.py');
  const output = execFileSync(python(), [script, component], {
    input: JSON.stringify({ events, queries }),
    encoding: 'utf8',
  });
  return JSON.parse(output) as WasmtimeRun;
}
