import path from 'node:path';
import { sameBytes, sampleText, showBytes } from '../kernel/bytes.ts';
import { type Found, finding, type SourceLocation } from '../kernel/findings.ts';
import type { Rule } from '../kernel/rules.ts';
import { plural } from '../kernel/text.ts';
import type { Observations, Observed, ScenarioId, Trap } from './scenarios.ts';
import type { TestEvent, TestQuery } from './test-files.ts';

export interface ConformanceInput {
  observations: Observations;
  events: TestEvent[];
  queries: TestQuery[];
  eventsFile: string | undefined;
  queriesFile: string | undefined;
}

type ConformanceRule = Rule<ConformanceInput>;

const AFTER_RUNS = ['runs'];

export const runsRule: ConformanceRule = {
  id: 'runs',
  title: 'Runs init, every event and every query without trapping',
  requires: [],
  check: (input) => trapsIn(input, 'reference'),
};

export const deterministicRule: ConformanceRule = {
  id: 'deterministic',
  title: 'Replaying the events gives the same state',
  requires: AFTER_RUNS,
  check(input) {
    const { reference, replay, resumed, interleaved } = input.observations;
    return [
      ...trapsIn(input, 'replay', 'resumed', 'interleaved'),
      ...differences(
        input,
        reference!,
        replay,
        `replaying the same ${plural(input.events.length, 'event')} in a fresh instance`,
        'Make the state depend only on the events: no clocks, randomness, addresses or iteration order of ' +
          'unordered maps.',
      ),
      ...differences(
        input,
        reference!,
        resumed,
        `restoring the half-way snapshot and appending the rest (as Primatomic does after a failure)`,
        'Put everything the view remembers into the snapshot: state kept outside it is lost when Primatomic ' +
          'resumes from a snapshot.',
      ),
      ...differences(
        input,
        reference!,
        interleaved,
        'asking every query after every event during the replay',
        'Queries run between appends: they must not change what later appends do.',
      ),
    ];
  },
};

export const snapshotRestoreRule: ConformanceRule = {
  id: 'snapshot-restore',
  title: 'Restoring the snapshot gives the same state',
  requires: AFTER_RUNS,
  followsFrom: ['deterministic'],
  check(input) {
    const { reference, restored } = input.observations;
    return [
      ...trapsIn(input, 'restored'),
      ...differences(
        input,
        reference!,
        restored,
        'a fresh instance after init and restore(snapshot)',
        'restore must rebuild everything snapshot wrote, and snapshot must write everything queries and appends ' +
          'depend on.',
      ),
    ];
  },
};

export const restoreReplacesRule: ConformanceRule = {
  id: 'restore-replaces',
  title: 'Restore replaces the state instead of adding to it',
  requires: AFTER_RUNS,
  followsFrom: ['deterministic'],
  check(input) {
    const { reference, overwritten, replay, restored } = input.observations;
    const hint =
      'restore must first clear the current state: Primatomic restores into instances that already hold state.';
    const half = Math.floor(input.events.length / 2);
    const found = [
      ...trapsIn(input, 'overwritten'),
      ...differences(
        input,
        reference!,
        overwritten,
        `an instance that had processed the first ${plural(half, 'event')}, after restore(snapshot)`,
        hint,
      ),
    ];
    if (replay && restored && !sameBytes(replay.afterRestoringInitial, restored.initialSnapshot)) {
      found.push(
        finding(
          'error',
          `Restoring the initial snapshot into an instance that had processed every event does not give the ` +
            `initial state: snapshot ${showBytes(replay.afterRestoringInitial)}, expected ` +
            `${showBytes(restored.initialSnapshot)}.`,
          hint,
        ),
      );
    }
    return found;
  },
};

export const queriesPureRule: ConformanceRule = {
  id: 'no-side-effects',
  title: 'Queries and snapshots do not change the state',
  requires: AFTER_RUNS,
  followsFrom: ['deterministic'],
  check(input) {
    const reference = input.observations.reference!;
    const found: Found[] = [];
    if (!sameBytes(reference.snapshot, reference.snapshotAgain)) {
      found.push(
        finding(
          'error',
          `Two snapshots in a row differ: ${showBytes(reference.snapshot)}, then ` +
            `${showBytes(reference.snapshotAgain)}.`,
          'snapshot must only read the state.',
        ),
      );
    }
    input.queries.forEach((query, index) => {
      if (!sameBytes(reference.answers[index]!, reference.answersAgain[index]!)) {
        found.push(
          finding(
            'error',
            `Query ${index + 1} answered differently when asked twice: ${showBytes(reference.answers[index]!)}, ` +
              `then ${showBytes(reference.answersAgain[index]!)}.`,
            'query must only read the state.',
            queryLocation(input, query),
          ),
        );
      }
    });
    if (!sameBytes(reference.snapshotAgain, reference.snapshotAfterQueries)) {
      found.push(
        finding(
          'error',
          `The queries changed the state: the snapshot was ${showBytes(reference.snapshotAgain)} before them and ` +
            `${showBytes(reference.snapshotAfterQueries)} after.`,
          'query must only read the state; Primatomic runs queries concurrently with appends.',
        ),
      );
    }
    return found;
  },
};

export const expectedAnswersRule: ConformanceRule = {
  id: 'expected-answers',
  title: 'Queries return the expected answers',
  requires: AFTER_RUNS,
  followsFrom: ['deterministic'],
  check(input) {
    const reference = input.observations.reference!;
    return input.queries.flatMap((query, index) => {
      const answer = reference.answers[index]!;
      if (!query.expect || sameBytes(query.expect, answer)) return [];
      return [
        finding(
          'error',
          `Query ${index + 1} (${showBytes(query.input)}) returned ${showBytes(answer)}; expected ` +
            `${showBytes(query.expect)}.`,
          'Fix the view, or the expectation in the queries file if the view is right.',
          queryLocation(input, query),
        ),
      ];
    });
  },
};

/**
 * componentize-js sends a string or a plain object returned for list<u8> as no bytes at all, without an error: the
 * view then answers nothing. The explaining build of a JavaScript view sees what was returned (asked for when an
 * answer or a snapshot came back empty); every other toolchain's bindings only let bytes through.
 */
export const returnsBytesRule: ConformanceRule = {
  id: 'returns-bytes',
  title: 'query and snapshot return bytes',
  requires: AFTER_RUNS,
  check({ observations, queries, queriesFile }) {
    return (observations.wrongReturns ?? []).map(({ call, index, returned }) => {
      const which = call === 'query' ? `query for sample query ${index + 1}` : 'snapshot';
      return finding(
        'error',
        `${which} returned ${returned}, not bytes; it reached Primatomic as 0 bytes.`,
        'Return a Uint8Array: `new TextEncoder().encode(text)` for text, `new TextEncoder().encode(JSON.stringify(' +
          'value))` for an object.',
        call === 'query' && queriesFile ? { file: queriesFile, line: queries[index]!.line } : undefined,
      );
    });
  },
};

export const CONFORMANCE_RULES: readonly ConformanceRule[] = [
  runsRule,
  returnsBytesRule,
  deterministicRule,
  snapshotRestoreRule,
  restoreReplacesRule,
  queriesPureRule,
  expectedAnswersRule,
];

function trapsIn(input: ConformanceInput, ...scenarios: ScenarioId[]): Found[] {
  return input.observations.traps
    .filter((trap) => scenarios.includes(trap.scenario))
    .map((trap) => trapFinding(input, trap));
}

const SCENARIO_TEXT: Record<ScenarioId, string> = {
  reference: 'running the events',
  replay: 'replaying the events in a fresh instance',
  restored: 'restoring the snapshot into a fresh instance',
  overwritten: 'restoring the snapshot into an instance holding state',
  resumed: 'resuming from the half-way snapshot',
  interleaved: 'replaying with queries between the events',
};

export function trapFinding(input: ConformanceInput, trap: Trap): Found {
  const what = describeCall(input, trap);
  const hint = trap.importCalled
    ? "Remove the use of that import: Primatomic links none (for WASI, see the no-imports rule's hint)."
    : trap.call === 'instantiate'
      ? 'The view could not start; check that it builds for Primatomic (no imports, a reactor).'
      : 'A trap is the only way a view can fail, and Primatomic does not document what it does then: handle every ' +
        'input without trapping.';
  const said = trap.viewOutput ? `. ${viewWords(trap.viewOutput)}` : '';
  return finding(
    'error',
    `${what} trapped while ${SCENARIO_TEXT[trap.scenario]}: ${trap.message}${said}`,
    hint,
    callLocation(input, trap),
  );
}

/**
 * What the view wrote before it trapped, in one line: the message of its panic or exception (or its first line),
 * and where in the view's own code it was raised: a Go panic and its first frame in the view (`main.go:20`), a Rust
 * panic ("panicked at src/lib.rs:38:13:" then the message), a Python traceback (its last line and last frame).
 */
export function viewWords(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  let said = lines.find((line) => /^(panic|fatal error):/.test(line)) ?? lines.find(Boolean) ?? '';
  let where = '';
  const goFrame = lines
    .map((line) => /^(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/.exec(line))
    .find((match) => match && !/(^|\/)runtime\//.test(match[1]!) && !/zz_primatomic_/.test(match[1]!));
  const rustPanic = lines.findIndex((line) => /panicked at \S+:\d+:\d+:$/.test(line));
  const pythonFrames = lines.map((line) => /^File "([^"]+)", line (\d+)/.exec(line)).filter((match) => match !== null);
  if (goFrame) where = ` at ${path.basename(goFrame[1]!)}:${goFrame[2]}`;
  else if (rustPanic >= 0) {
    const [, file, line] = /panicked at (\S+):(\d+):\d+:$/.exec(lines[rustPanic]!)!;
    said = lines.slice(rustPanic + 1).find(Boolean) ?? said;
    where = ` at ${file}:${line}`;
  } else if (lines[0] === 'Traceback (most recent call last):' && pythonFrames.length > 0) {
    const [, file, line] = pythonFrames.at(-1)!;
    said = lines.filter(Boolean).at(-1) ?? said;
    where = ` at ${path.basename(file!)}:${line}`;
  }
  const cut = said.length > 200 ? `${said.slice(0, 200)}…` : said;
  return `The view wrote ${JSON.stringify(cut)}${where}.`;
}

/** `append of event 3 (line 7 of events.ndjson)`, `query 2`, `init`. */
export function describeCall(input: SampleFiles, trap: Pick<Trap, 'call' | 'index'>): string {
  const file = trap.call === 'append' ? input.eventsFile : trap.call === 'query' ? input.queriesFile : undefined;
  const event = trap.call === 'append' ? input.events[trap.index] : undefined;
  const query = trap.call === 'query' ? input.queries[trap.index] : undefined;
  const bytes = event?.bytes ?? query?.input;
  const line = (event ?? query)?.line;
  const where = [line && file ? `line ${line} of ${path.basename(file)}` : '', bytes ? sampleText(bytes) : '']
    .filter(Boolean)
    .join(': ');
  if (trap.call === 'append') return `append of event ${trap.index + 1}${where ? ` (${where})` : ''}`;
  if (trap.call === 'query') return `query ${trap.index + 1}${where ? ` (${where})` : ''}`;
  return trap.call;
}

type SampleFiles = Pick<ConformanceInput, 'events' | 'queries' | 'eventsFile' | 'queriesFile'>;

/** The line of the events or queries file a call was about, for annotations. */
export function callLocation(input: SampleFiles, call: Pick<Trap, 'call' | 'index'>): SourceLocation | undefined {
  if (call.call === 'append') {
    const event = input.events[call.index];
    return event && input.eventsFile ? { file: input.eventsFile, line: event.line } : undefined;
  }
  return call.call === 'query' ? queryLocation(input, input.queries[call.index]) : undefined;
}

function queryLocation(input: SampleFiles, query: TestQuery | undefined) {
  return query && input.queriesFile ? { file: input.queriesFile, line: query.line } : undefined;
}

/** One finding for a different snapshot, and one per query answered differently. */
function differences(
  input: ConformanceInput,
  expected: Observed,
  actual: Observed | undefined,
  how: string,
  hint: string,
): Found[] {
  if (!actual) return [];
  const found: Found[] = [];
  if (!sameBytes(expected.snapshot, actual.snapshot)) {
    found.push(
      finding(
        'error',
        `The snapshot after ${how} differs: ${showBytes(actual.snapshot)}, expected ${showBytes(expected.snapshot)}.`,
        hint,
      ),
    );
  }
  input.queries.forEach((query, index) => {
    if (!sameBytes(expected.answers[index]!, actual.answers[index]!)) {
      found.push(
        finding(
          'error',
          `Query ${index + 1} after ${how} answered ${showBytes(actual.answers[index]!)}; expected ` +
            `${showBytes(expected.answers[index]!)}.`,
          hint,
          queryLocation(input, query),
        ),
      );
    }
  });
  return found;
}
