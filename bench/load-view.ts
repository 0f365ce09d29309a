// One measurement in a fresh process, with the V8 flags the action runs with: loading the view (jco's transpile,
// then the first instantiation) cold, as a lone process would; or, with `--warm`, with jco's transpiler loaded
// beforehand, as the action's conformance worker has it by the time the view is there (it loads the transpiler
// while the view is built or validated). Prints {"transpileMs": ..., "instantiateMs": ...}. Used by conformance.ts.
import '../src/kernel/no-exit-deadlock.ts';
import { readFileSync } from 'node:fs';
import { loadView } from '../src/conformance/view-runtime.ts';
import { fixtures } from '../test/support/views.ts';

const [file, mode] = process.argv.slice(2);
if (mode === '--warm') await loadView(await fixtures.valid());
const bytes = readFileSync(file!);
const start = performance.now();
const runtime = await loadView(bytes);
const loaded = performance.now();
await runtime.instantiate();
const instantiated = performance.now();
console.log(JSON.stringify({ transpileMs: loaded - start, instantiateMs: instantiated - loaded }));
