// `npm run bench`: every performance target, measured side by side on this machine (medians of BENCH_RUNS
// runs, default 5). Rebuilds dist/ first so the bundle measured is the sources'. Exits non-zero on a missed target.
// The validator the action runs (wasm-tools, built by `prebench` as for the tests) on PATH, as a runner's tool cache.
import '../test/support/test-environment.ts';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../test/support/run-action.ts';
import { benchBuild } from './build.ts';
import { benchConformance } from './conformance.ts';
import { benchDeploy } from './deploy.ts';
import { benchValidation } from './validation.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { stdio: 'inherit' });
console.log('\n# Validation');
const validation = await benchValidation(runs);
console.log('\n# Conformance test');
const conformance = await benchConformance(runs);
console.log('\n# Deploy');
const deploy = await benchDeploy(runs);
console.log('\n# Build');
const build = await benchBuild(runs);
process.exitCode = validation && conformance && deploy && build ? 0 : 1;
