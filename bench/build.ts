// The build stage's own overhead: with every tool already in the tool cache, the whole action run minus the time
// of the build commands themselves (target: under 2 s). Also the cold cost of installing the JS and Python tools.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runAction, TEST_TOOL_CACHE } from '../test/support/run-action.ts';
import { tempDir } from '../test/support/tmp.ts';
import { median, seconds } from './stats.ts';

const TARGET_MS = 2000;

async function timedRun(
  example: string,
  toolCache: string,
): Promise<{ wall: number; commands: number; setup: number }> {
  const cwd = path.join(tempDir('primatomic-bench-'), example);
  cpSync(path.join(ROOT, 'examples', example), cwd, { recursive: true });
  const start = performance.now();
  const run = await runAction({ conformance: 'false' }, { cwd, env: { RUNNER_TOOL_CACHE: toolCache } });
  const wall = performance.now() - start;
  if (run.code !== 0) throw new Error(`the build of examples/${example} failed:\n${run.stdout}`);
  const took = (pattern: RegExp) =>
    [...run.stdout.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]) * 1000, 0);
  return {
    wall,
    commands: took(/^(?!Setting up).* took (\d+\.\d+) s$/gm),
    setup: took(/^Setting up the tools took (\d+\.\d+) s$/gm),
  };
}

export async function benchBuild(runs: number): Promise<boolean> {
  let met = true;
  for (const example of ['js', 'python']) {
    const cold = tempDir('primatomic-cold-cache-');
    const first = await timedRun(example, cold);
    rmSync(cold, { recursive: true, force: true });
    console.log(
      `examples/${example}, cold tool cache: ${seconds(first.wall)} in all, of which installing the tools ` +
        `${seconds(first.setup)} and the build commands ${seconds(first.commands)}`,
    );

    await timedRun(example, TEST_TOOL_CACHE);
    const warm = [];
    for (let run = 0; run < runs; run++) warm.push(await timedRun(example, TEST_TOOL_CACHE));
    const overhead = warm.map((run) => run.wall - run.commands);
    console.log(
      `examples/${example}, tools cached: ${seconds(median(warm.map((r) => r.wall)))} in all; the action's own ` +
        `part (all but the build commands, validation included) median ${seconds(median(overhead))} ` +
        `[${overhead.map(seconds).join(', ')}]`,
    );
    met &&= median(overhead) < TARGET_MS;
  }
  console.log(
    met
      ? "Target met: the action's own overhead with tools cached is under 2 s."
      : "Target MISSED: the action's own overhead with tools cached is under 2 s.",
  );
  return met;
}
