// `npm run bench`: every performance target, measured side by side on this machine, with native anchors in the same
// run (bench/validation.ts); medians of the rounds. Rebuilds dist/ first so the bundle measured is the sources'.
// Exits non-zero on a missed target. The V8 flags the action sets process-wide (no Sparkplug, no Maglev: see
// src/kernel/no-exit-deadlock.ts) are set here too, so that what runs in this process runs as in the action.
//
//   npm run bench                          every bench, 9 rounds each (BENCH_RUNS to change)
//   npm run bench -- --quick               3 rounds, no cold-cache installs: a minute or two
//   npm run bench -- --only validation     one of them: validation, conformance, deploy, build
import '../src/kernel/no-exit-deadlock.ts';
import '../test/support/test-environment.ts';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/support/run-action.ts';
import { benchBuild } from './build.ts';
import { benchConformance } from './conformance.ts';
import { benchDeploy } from './deploy.ts';
import { benchValidation } from './validation.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = values.quick ?? false;
const runs = quick ? 3 : Number(process.env.BENCH_RUNS ?? 9);
execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.mjs')], { stdio: 'inherit' });
const benches: Array<[string, () => Promise<boolean>]> = [
  ['Validation', () => benchValidation(runs)],
  ['Conformance test', () => benchConformance(runs)],
  ['Deploy', () => benchDeploy(runs)],
  ['Build', () => benchBuild(runs, { quick })],
];
let met = true;
for (const [name, bench] of benches) {
  if (values.only && name.toLowerCase().split(' ')[0] !== values.only) continue;
  console.log(`\n# ${name}`);
  met = (await bench()) && met;
}
process.exitCode = met ? 0 : 1;
