import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testView } from '../../src/conformance/conformance.ts';
import { runConformanceIsolated } from '../../src/conformance/isolated.ts';
import {
  type ConformanceReport,
  type ConformanceRequest,
  runConformance,
} from '../../src/conformance/run-conformance.ts';
import { brokenViews, fixtures } from '../support/views.ts';

const text = (value: string) => new TextEncoder().encode(value);
const EVENTS = ['a', 'bb', '!', 'ccc', 'dd'].map((value, index) => ({ bytes: text(value), line: index + 1 }));
/** The counter's answer after EVENTS: 5 events; bytes sum 97 + 196 + 33 + 297 + 200 = 823. */
const ANSWER = new Uint8Array([5, 0, 0, 0, 823 & 0xff, 823 >> 8, 0, 0]);
const QUERIES = [
  { input: text('total'), line: 1, expect: ANSWER },
  { input: text('again'), line: 2 },
];

function request(componentBytes: Uint8Array, overrides: Partial<ConformanceRequest> = {}): ConformanceRequest {
  return {
    componentBytes,
    events: EVENTS,
    queries: QUERIES,
    eventsFile: '/work/events.ndjson',
    queriesFile: '/work/queries.jsonl',
    ...overrides,
  };
}

function statuses(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.results.map((result) => [result.id, result.status]));
}

function messages(report: ConformanceReport, rule: string): string[] {
  return report.findings.filter((f) => f.rule === rule).map((f) => f.message);
}

const ALL_PASS = {
  runs: 'pass',
  'returns-bytes': 'pass',
  deterministic: 'pass',
  'snapshot-restore': 'pass',
  'restore-replaces': 'pass',
  'no-side-effects': 'pass',
  'expected-answers': 'pass',
};

describe('the conformance test', () => {
  it('passes a correct view, and reports its answers, snapshot size and memory', async () => {
    const report = await runConformance(request(await fixtures.valid()));
    assert.deepEqual(statuses(report), ALL_PASS);
    assert.deepEqual(
      report.stats?.queries.map((query) => [...query.answer!]),
      [[...ANSWER], [...ANSWER]],
    );
    assert.equal(report.stats?.events, 5);
    assert.equal(report.stats?.snapshotBytes, 8);
    assert.equal(report.stats?.memoryBytes, 65536);
    assert.ok(report.stats!.appendMeanMs! > 0 && report.stats!.appendP95Ms! > 0);
  });

  it('passes a correct view with no events and no queries (init, snapshot, restore)', async () => {
    const report = await runConformance(
      request(await fixtures.valid(), { events: [], queries: [], eventsFile: undefined, queriesFile: undefined }),
    );
    assert.deepEqual(statuses(report), ALL_PASS);
  });

  it('runs: names the event that trapped, with its line, and skips the other rules', async () => {
    const report = await runConformance(request(await brokenViews.trapOnBang()));
    assert.deepEqual(statuses(report), {
      runs: 'fail',
      'returns-bytes': 'skipped',
      deterministic: 'skipped',
      'snapshot-restore': 'skipped',
      'restore-replaces': 'skipped',
      'no-side-effects': 'skipped',
      'expected-answers': 'skipped',
    });
    const [trap] = report.findings;
    assert.equal(
      trap?.message,
      'append of event 3 (line 3 of events.ndjson: !) trapped while running the events: wasm trap: wasm ' +
        '`unreachable` instruction executed',
    );
    assert.deepEqual(trap?.location, { file: '/work/events.ndjson', line: 3 });
  });

  it('runs: names the import a view called', async () => {
    const report = await runConformance(request(await brokenViews.callsImport()));
    assert.equal(statuses(report).runs, 'fail');
    assert.match(
      messages(report, 'runs')[0]!,
      /^append of event 1 \(line 1 of events\.ndjson: a\) trapped while running the events: the view called wasi:random\/random#get-random-u64, and Primatomic provides no imports$/,
    );
    assert.deepEqual(report.stats?.imports, ['wasi:random/random']);
  });

  it('deterministic: fails a view whose state depends on what was allocated before', async () => {
    const report = await runConformance(request(await brokenViews.addressDependent()));
    assert.equal(statuses(report).deterministic, 'fail');
    assert.equal(statuses(report)['snapshot-restore'], 'pass');
    assert.equal(statuses(report)['no-side-effects'], 'pass');
    assert.ok(
      messages(report, 'deterministic').some((m) =>
        m.startsWith(
          'The snapshot after asking every query after every event during the replay differs: hex 05 00 00 00',
        ),
      ),
      messages(report, 'deterministic').join('\n'),
    );
  });

  it('says that the failures which follow from a failed deterministic probably share its cause', async () => {
    const report = await runConformance(request(await brokenViews.heapInSnapshot()));
    assert.equal(statuses(report).deterministic, 'fail');
    assert.equal(statuses(report)['snapshot-restore'], 'fail');
    const following = report.findings.filter((found) => found.rule === 'snapshot-restore');
    assert.ok(following.length > 0);
    for (const found of following) {
      assert.equal(found.hint, 'Probably the same cause as the `deterministic` failure: fix that first.');
    }
    const own = report.findings.filter((found) => found.rule === 'deterministic');
    assert.ok(
      own.every((found) => !found.hint?.startsWith('Probably')),
      'deterministic keeps its own hints',
    );
  });

  it('snapshot-restore: fails a restore that forgets part of the state, showing both snapshots', async () => {
    const report = await runConformance(request(await brokenViews.forgetfulRestore()));
    assert.equal(statuses(report)['snapshot-restore'], 'fail');
    assert.ok(
      messages(report, 'snapshot-restore').includes(
        'The snapshot after a fresh instance after init and restore(snapshot) differs: hex 05 00 00 00 00 00 00 ' +
          '00 (8 bytes), expected hex 05 00 00 00 37 03 00 00 (8 bytes).',
      ),
    );
  });

  it('restore-replaces: fails a restore that adds to the state', async () => {
    const report = await runConformance(request(await brokenViews.accumulatingRestore()));
    assert.equal(statuses(report)['restore-replaces'], 'fail');
    assert.equal(statuses(report)['snapshot-restore'], 'pass', 'into a fresh instance adding is replacing');
    assert.match(
      messages(report, 'restore-replaces').join('\n'),
      /an instance that had processed the first 2 events, after restore\(snapshot\) differs: hex 07 00 00 00/,
    );
  });

  it('no-side-effects: fails a query that changes the state', async () => {
    const report = await runConformance(request(await brokenViews.mutatingQuery()));
    assert.equal(statuses(report)['no-side-effects'], 'fail');
    assert.match(messages(report, 'no-side-effects').join('\n'), /Query 1 answered differently when asked twice/);
    assert.match(messages(report, 'no-side-effects').join('\n'), /The queries changed the state/);
  });

  it('no-side-effects: fails a snapshot that changes the state', async () => {
    const report = await runConformance(request(await brokenViews.mutatingSnapshot()));
    assert.equal(statuses(report)['no-side-effects'], 'fail');
    assert.match(
      messages(report, 'no-side-effects')[0]!,
      /^Two snapshots in a row differ: hex 06 00 00 00 .*, then hex 07 00 00 00/,
    );
  });

  it("expected-answers: shows the answer and the expectation, on the query's line", async () => {
    const report = await runConformance(
      request(await fixtures.valid(), {
        queries: [{ input: text('total'), line: 4, expect: text('{"count":5}') }],
      }),
    );
    assert.equal(statuses(report)['expected-answers'], 'fail');
    assert.deepEqual(
      report.findings.map((f) => [f.message, f.location]),
      [
        [
          'Query 1 ("total" (5 bytes)) returned hex 05 00 00 00 37 03 00 00 (8 bytes); expected ' +
            '"{\\"count\\":5}" (11 bytes).',
          { file: '/work/queries.jsonl', line: 4 },
        ],
      ],
    );
  });
});

describe('the conformance test in its worker', () => {
  it('gives the same report as in-process for a correct view', async () => {
    const report = await runConformanceIsolated(request(await fixtures.valid()));
    assert.deepEqual(statuses(report), ALL_PASS);
  });

  it('stops a view whose append never returns, naming the event', async () => {
    const start = performance.now();
    const report = await runConformanceIsolated(request(await brokenViews.endlessOnBang()), 1000);
    assert.ok(performance.now() - start < 10_000);
    assert.equal(statuses(report).runs, 'fail');
    assert.equal(
      report.findings[0]?.message,
      'append of event 3 (line 3 of events.ndjson: !) did not return within 1 s; the conformance test was stopped.',
    );
    assert.deepEqual(report.findings[0]?.location, { file: '/work/events.ndjson', line: 3 });
  });
});

describe('explaining a trap', () => {
  it('keeps the first report when the explaining build hangs, instead of blaming the view for a hang', async () => {
    const said: string[] = [];
    const log = { info: (line: string) => said.push(line), warn: (line: string) => said.push(line) };
    const hanging = await brokenViews.endlessOnBang();
    const report = await testView(
      {
        ...request(await brokenViews.trapOnBang()),
        makeExplainer: async () => ({ kind: 'caught-errors', bytes: hanging }),
        callTimeoutMs: 1000,
      },
      log,
    );
    assert.equal(report.trapped, true);
    assert.equal(statuses(report).runs, 'fail');
    assert.doesNotMatch(report.findings.map((found) => found.message).join('\n'), /did not return within/);
    assert.match(messages(report, 'runs')[0]!, /^append of event 3 \(line 3 of events\.ndjson: !\) trapped/);
    assert.deepEqual(said, [
      'The view trapped: running the test again with a build that can say why.',
      'No explanation: the run with the explaining build did not end as the first did.',
    ]);
  });
});
