// The conformance test's costs: loading a 12 MB JS view (target: transpile and instantiate under 2 s), and how
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

const LOAD_TARGET_MS = 2000;

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
  const loads = Array.from(
    { length: runs },
    () =>
      JSON.parse(
        execFileSync(process.execPath, [path.join(import.meta.dirname, 'load-view.ts'), view], { encoding: 'utf8' }),
      ) as { transpileMs: number; instantiateMs: number },
  );
  const totals = loads.map((load) => load.transpileMs + load.instantiateMs);
  console.log(
    `12.5 MB JS view, cold process: transpile median ${seconds(median(loads.map((l) => l.transpileMs)))}, first ` +
      `instantiate median ${seconds(median(loads.map((l) => l.instantiateMs)))}, together median ` +
      `${seconds(median(totals))} [${totals.map(seconds).join(', ')}]`,
  );

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

  const met = median(totals) < LOAD_TARGET_MS;
  console.log(
    met ? 'Target met: transpile and instantiate under 2 s.' : 'Target MISSED: transpile and instantiate under 2 s.',
  );
  return met;
}
