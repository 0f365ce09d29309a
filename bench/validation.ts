// Validating a 12 MB JavaScript view (jco componentize --disable=all) with the bundled action,
// against the guide's three checks run with jco's wasm-tools on the same file. Runs alternate, medians are
// reported, and the process exits non-zero when the target (at least 10x faster, under 1 s) is missed.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { jsViewPath } from '../test/support/js-view.ts';
import { ROOT, runAction } from '../test/support/run-action.ts';

import { median, seconds } from './stats.ts';

const JCO = path.join(ROOT, 'node_modules/@bytecodealliance/jco/dist/jco.js');

async function timeAction(view: string): Promise<number> {
  const start = performance.now();
  const run = await runAction({ component: path.basename(view), conformance: 'false' }, { cwd: path.dirname(view) });
  const elapsed = performance.now() - start;
  if (run.code !== 0) throw new Error(`the action failed on the benchmark view:\n${run.stdout}`);
  return elapsed;
}

/**
 * The guide: `wasm-tools print view.wasm | head -1`, `wasm-tools print view.wasm | grep -i wasi`, `wasm-tools component
 * wit view.wasm`.
 */
function timeGuide(view: string): number {
  const jco = `"${process.execPath}" "${JCO}"`;
  const start = performance.now();
  for (const command of [
    `${jco} print "${view}" | head -1`,
    `${jco} print "${view}" | grep -ci wasi`,
    `${jco} wit "${view}" > /dev/null`,
  ]) {
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', command], { encoding: 'utf8', maxBuffer: 1 << 30 });
    // grep finding "wasi" in a valid JS view is the guide's false alarm, not a failure of the run.
    if (result.status !== 0 && !command.includes('head -1')) throw new Error(`${command}: ${result.stderr}`);
  }
  return performance.now() - start;
}

/** Returns whether the target was met. */
export async function benchValidation(runs: number): Promise<boolean> {
  const view = await jsViewPath();
  const size = statSync(view).size;
  console.log(`View: ${path.relative(ROOT, view)} (${(size / 1e6).toFixed(1)} MB), ${runs} runs each, alternating.`);

  const ours: number[] = [];
  const guide: number[] = [];
  await timeAction(view); // warm the file cache for both sides
  for (let run = 0; run < runs; run++) {
    ours.push(await timeAction(view));
    guide.push(timeGuide(view));
  }
  const ratios = ours.map((time, i) => guide[i]! / time);
  console.log(`action (node dist/index.js): median ${seconds(median(ours))}  [${ours.map(seconds).join(', ')}]`);
  console.log(`guide's three wasm-tools checks: median ${seconds(median(guide))}  [${guide.map(seconds).join(', ')}]`);
  console.log(`speed-up: median ${median(ratios).toFixed(1)}x (per-run ${ratios.map((r) => r.toFixed(1)).join(', ')})`);

  const met = median(ratios) >= 10 && median(ours) < 1000;
  console.log(
    met ? 'Target met: at least 10x faster and under 1 s.' : 'Target MISSED: at least 10x faster and under 1 s.',
  );
  return met;
}
