// The conformance test's costs: loading a 12 MB JS view (target: transpile and instantiate within 0.6 s), and how
// many events per second the harness runs compared with calling append in a bare loop, on the WAT counter and
// on the JS counter.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROGRESS_BYTES, progressWriter } from '../src/conformance/progress.ts';
import { runScenarios } from '../src/conformance/scenarios.ts';
import { loadView, type ViewRuntime } from '../src/conformance/view-runtime.ts';
import { jsViewPath } from '../test/support/js-view.ts';
import { runAction } from '../test/support/run-action.ts';
import { tempDir } from '../test/support/tmp.ts';
import { fixtures } from '../test/support/views.ts';
import { median, perSecond, seconds } from './stats.ts';

/** Loading the 12.5 MB JavaScript view (transpile, compile) and its first instantiation. */
const LOAD_TARGET_MS = 600;

function sampleEvents(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    bytes: new TextEncoder().encode(`{"inc":${index % 100}}`),
    line: index + 1,
  }));
}

/** Events per second: append in a bare loop, and through the harness (every scenario: about 3 appends per event). */
async function throughput(runtime: ViewRuntime, eventCount: number, runs: number) {
  const events = sampleEvents(eventCount);
  const bare: number[] = [];
  const harness: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { machine } = await runtime.instantiate();
    machine.init();
    let start = performance.now();
    for (const event of events) machine.append(event.bytes);
    bare.push(eventCount / ((performance.now() - start) / 1000));

    start = performance.now();
    const observations = await runScenarios(runtime, events, [], progressWriter(new SharedArrayBuffer(PROGRESS_BYTES)));
    const elapsed = performance.now() - start;
    if (observations.traps.length > 0) throw new Error(`the view trapped: ${observations.traps[0]!.message}`);
    const appends = eventCount * 2 + Math.floor(eventCount / 2) + (eventCount - Math.floor(eventCount / 2));
    harness.push(appends / (elapsed / 1000));
  }
  return { bare: median(bare), harness: median(harness) };
}

export async function benchConformance(runs: number): Promise<boolean> {
  const view = await jsViewPath();
  const load = (mode: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(import.meta.dirname, 'load-view.ts'), view, ...mode], {
        encoding: 'utf8',
      }),
    ) as { transpileMs: number; instantiateMs: number };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run++) {
    const [c, w] = [load([]), load(['--warm'])];
    cold.push(c.transpileMs + c.instantiateMs);
    warm.push(w.transpileMs + w.instantiateMs);
  }
  const list = (values: number[]) => `median ${seconds(median(values))} [${values.map(seconds).join(', ')}]`;
  console.log(`12.5 MB JS view, load and first instantiation in a cold process: ${list(cold)}`);
  console.log(`the same with jco's transpiler loaded beforehand, as in the action's worker: ${list(warm)}`);
  const totals = warm;

  for (const [name, bytes, count] of [
    ['WAT counter', await fixtures.valid(), 100_000],
    ['JS counter', readFileSync(view), 5_000],
  ] as const) {
    const { bare, harness } = await throughput(await loadView(bytes), count, runs);
    console.log(
      `${name}, ${count.toLocaleString('en')} events: bare append loop ${perSecond(bare)}, harness ` +
        `${perSecond(harness)} (harness at ${Math.round((harness / bare) * 100)}% of the bare rate)`,
    );
  }
  const cwd = tempDir('primatomic-bench-');
  cpSync(view, path.join(cwd, 'view.wasm'));
  writeFileSync(
    path.join(cwd, 'events.ndjson'),
    sampleEvents(1000)
      .map((event) => new TextDecoder().decode(event.bytes))
      .join('\n'),
  );
  const wall: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = await runAction({ component: 'view.wasm', 'test-events': 'events.ndjson' }, { cwd });
    if (result.code !== 0) throw new Error(`the action failed:\n${result.stdout}`);
    wall.push(performance.now() - start);
  }
  console.log(
    `Whole action (validate + conformance, 1,000 events) on the JS view: median ${seconds(median(wall))} ` +
      `[${wall.map(seconds).join(', ')}]`,
  );

  const met = median(totals) <= LOAD_TARGET_MS;
  console.log(
    `${met ? 'Target met' : 'Target MISSED'}: load and first instantiation within 0.6 s ` +
      `(${seconds(median(totals))}, the transpiler loaded while the view is built or validated, as in the action).`,
  );
  return met;
}
