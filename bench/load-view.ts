// One cold measurement, in a fresh process: jco's transpile of the view, then the first instantiation.
// Prints {"transpileMs": ..., "instantiateMs": ...}. Used by conformance.ts.
import { readFileSync } from 'node:fs';
import { loadView } from '../src/conformance/view-runtime.ts';

const bytes = readFileSync(process.argv[2]!);
const start = performance.now();
const runtime = await loadView(bytes);
const loaded = performance.now();
await runtime.instantiate();
const instantiated = performance.now();
console.log(JSON.stringify({ transpileMs: loaded - start, instantiateMs: instantiated - loaded }));
