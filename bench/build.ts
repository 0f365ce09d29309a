// The build stage's own overhead: with every tool already in the tool cache, the whole action run minus the time
// of the build commands themselves (target: under 2 s). Also the cold cost of installing the JS and Python tools.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runAction, TEST_TOOL_CACHE } from '../test/support/run-action.ts';
import { tempDir } from '../test/support/tmp.ts';
import { median, seconds } from './stats.ts';

const TARGET_MS = 2000;
/** A warm Go build: the action's own part, beyond `go build` itself. */
const GO_TARGET_MS = 300;

interface TimedRun {
  wall: number;
  /** The build's commands (compilers, componentize-js, componentize-py): not the action's own work. */
  commands: number;
  setup: number;
  /** Making the component from a core module (Go, Rust): the action's own work. */
  componentize: number;
}

async function timedRun(example: string, toolCache: string, env: Record<string, string> = {}): Promise<TimedRun> {
  const cwd = path.join(tempDir('primatomic-bench-'), example);
  cpSync(path.join(ROOT, 'examples', example), cwd, { recursive: true });
  const start = performance.now();
  const run = await runAction({ conformance: 'false' }, { cwd, env: { RUNNER_TOOL_CACHE: toolCache, ...env } });
  const wall = performance.now() - start;
  if (run.code !== 0) throw new Error(`the build of examples/${example} failed:\n${run.stdout}`);
  const took = (pattern: RegExp) =>
    [...run.stdout.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]) * 1000, 0);
  return {
    wall,
    commands: took(/^(?!Setting up)(?!Make the component).* took (\d+\.\d+) s$/gm),
    setup: took(/^Setting up the tools took (\d+\.\d+) s$/gm),
    componentize: took(/^Make the component.* took (\d+\.\d+) s$/gm),
  };
}

/** Go: the standard toolchain is the runner's, so "cold" is an empty Go build cache. */
async function benchGo(runs: number, quick: boolean): Promise<boolean> {
  const cold: TimedRun[] = [];
  for (let run = 0; run < Math.min(runs, quick ? 1 : 3); run++) {
    const cache = tempDir('primatomic-gocache-');
    cold.push(await timedRun('go', TEST_TOOL_CACHE, { GOCACHE: cache }));
    rmSync(cache, { recursive: true, force: true });
  }
  await timedRun('go', TEST_TOOL_CACHE);
  const warm: TimedRun[] = [];
  for (let run = 0; run < runs; run++) warm.push(await timedRun('go', TEST_TOOL_CACHE));
  const list = (values: number[]) => `median ${seconds(median(values))} [${values.map(seconds).join(', ')}]`;
  const componentize = warm.map((run) => run.componentize);
  const overhead = warm.map((run) => run.wall - run.commands);
  const report: Array<[string, number[]]> = [
    ['go build, empty Go build cache', cold.map((run) => run.commands)],
    ['the whole run, empty Go build cache', cold.map((run) => run.wall)],
    ['go build, Go build cache warm', warm.map((run) => run.commands)],
    ['the whole run, Go build cache warm', warm.map((run) => run.wall)],
    ['making the component (wasm-tools embed, component new with the adapter)', componentize],
    [`the action's own part (all but go build: start, go list, the component, validation; target < 0.3 s)`, overhead],
  ];
  for (const [what, values] of report) console.log(`examples/go, ${what}: ${list(values)}`);
  return median(overhead) < GO_TARGET_MS;
}

export async function benchBuild(runs: number, { quick = false } = {}): Promise<boolean> {
  let met = true;
  for (const example of ['js', 'python']) {
    if (!quick) {
      const cold = tempDir('primatomic-cold-cache-');
      const first = await timedRun(example, cold);
      rmSync(cold, { recursive: true, force: true });
      console.log(
        `examples/${example}, cold tool cache: ${seconds(first.wall)} in all, of which installing the tools ` +
          `${seconds(first.setup)} and the build commands ${seconds(first.commands)}`,
      );
    }

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
  met = (await benchGo(runs, quick)) && met;
  console.log(
    met
      ? "Targets met: the action's own part with tools cached under 2 s (JS, Python) and 0.3 s (Go)."
      : "Target MISSED: the action's own part with tools cached under 2 s (JS, Python) or 0.3 s (Go).",
  );
  return met;
}
