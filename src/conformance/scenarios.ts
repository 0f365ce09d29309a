/**
 * The runs the conformance rules judge: the same view, in fresh instances, fed the sample events in the ways
 * Primatomic does (replay after a failure, restore from a snapshot, queries between appends). Each scenario
 * records what it saw; a trap ends that scenario and is recorded with the call that trapped.
 */

import type { ReplayedCall } from './core-replay.ts';
import { ImportCalledError } from './import-trap.ts';
import type { TestEvent, TestQuery } from './test-files.ts';
import type { Machine, ViewRuntime } from './view-runtime.ts';

export const SCENARIOS = ['reference', 'replay', 'restored', 'overwritten', 'resumed', 'interleaved'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
export const CALLS = ['instantiate', 'init', 'append', 'query', 'snapshot', 'restore'] as const;
export type CallKind = (typeof CALLS)[number];

/** Told before every call, so a watchdog can say which call never returned. */
export interface Progress {
  enter(scenario: ScenarioId, call: CallKind, index: number): void;
}

export interface Trap {
  scenario: ScenarioId;
  call: CallKind;
  /** The event (for append) or query (for query) index, else -1. */
  index: number;
  message: string;
  importCalled: boolean;
  /** The scenario's calls up to and including the one that trapped (empty when instantiation failed). */
  history: ReplayedCall[];
  /** What the view itself wrote before it trapped (a Go panic), when it could be recovered. */
  viewOutput?: string;
}

/** The view's state as Primatomic can see it: the snapshot bytes and the answer to every sample query. */
export interface Observed {
  snapshot: Uint8Array;
  answers: Uint8Array[];
}

export interface Observations {
  /** init, every event, then snapshot twice, every query twice and a snapshot after the queries. */
  reference?: Observed & {
    snapshotAgain: Uint8Array;
    answersAgain: Uint8Array[];
    snapshotAfterQueries: Uint8Array;
    appendMs: number[];
    memoryBytes: number;
  };
  /** A fresh instance replaying the same events; then restore of the initial snapshot into it. */
  replay?: Observed & { afterRestoringInitial: Uint8Array };
  /** A fresh instance: init, snapshot (the initial state), restore of the reference snapshot. */
  restored?: Observed & { initialSnapshot: Uint8Array };
  /** A fresh instance that processed the first half of the events, then restore of the reference snapshot. */
  overwritten?: Observed & { halfSnapshot: Uint8Array };
  /** A fresh instance: restore of the half-way snapshot, then the second half of the events. */
  resumed?: Observed;
  /** A fresh instance asked every query after every event (only when there are queries). */
  interleaved?: Observed;
  traps: Trap[];
  /** Calls that returned something that is not bytes, when the build's explainer could tell (see TrapExplainer). */
  wrongReturns?: WrongReturn[];
}

/** A query (by sample index) or the snapshot, and what it returned instead of bytes, in the explainer's words. */
export interface WrongReturn {
  call: 'query' | 'snapshot';
  index: number;
  returned: string;
}

class TrapSignal extends Error {
  readonly trap: Trap;
  constructor(trap: Trap) {
    super(trap.message);
    this.trap = trap;
  }
}

export async function runScenarios(
  runtime: ViewRuntime,
  events: TestEvent[],
  queries: TestQuery[],
  progress?: Progress,
): Promise<Observations> {
  const observations: Observations = { traps: [] };
  const half = Math.floor(events.length / 2);

  const scenario = async (id: ScenarioId, body: (view: CallsOf) => void): Promise<void> => {
    const calls = callsOf(id, progress);
    try {
      progress?.enter(id, 'instantiate', -1);
      const instance = await runtime.instantiate().catch((error: unknown) => {
        throw new TrapSignal(trapOf(id, 'instantiate', -1, error));
      });
      calls.bind(instance.machine);
      body(calls);
      if (id === 'reference') observations.reference!.memoryBytes = instance.memoryBytes();
    } catch (error) {
      if (!(error instanceof TrapSignal)) throw error;
      observations.traps.push(error.trap);
    }
  };
  const answersOf = (view: CallsOf) => queries.map((query, index) => view.query(query.input, index));
  const appendAll = (view: CallsOf, from: number, to: number) => {
    for (let index = from; index < to; index++) view.append(events[index]!.bytes, index);
  };

  await scenario('reference', (view) => {
    view.init();
    const appendMs: number[] = [];
    for (let index = 0; index < events.length; index++) {
      const start = performance.now();
      view.append(events[index]!.bytes, index);
      appendMs.push(performance.now() - start);
    }
    const snapshot = view.snapshot();
    const snapshotAgain = view.snapshot();
    const answers = answersOf(view);
    const answersAgain = answersOf(view);
    observations.reference = {
      snapshot,
      snapshotAgain,
      answers,
      answersAgain,
      snapshotAfterQueries: view.snapshot(),
      appendMs,
      memoryBytes: 0,
    };
  });
  const reference = observations.reference;
  if (!reference) return observations;

  await scenario('restored', (view) => {
    view.init();
    const initialSnapshot = view.snapshot();
    view.restore(reference.snapshot);
    observations.restored = { initialSnapshot, snapshot: view.snapshot(), answers: answersOf(view) };
  });
  await scenario('replay', (view) => {
    view.init();
    appendAll(view, 0, events.length);
    const observed = { snapshot: view.snapshot(), answers: answersOf(view) };
    const initial = observations.restored?.initialSnapshot;
    if (initial) view.restore(initial);
    observations.replay = { ...observed, afterRestoringInitial: initial ? view.snapshot() : new Uint8Array() };
  });
  await scenario('overwritten', (view) => {
    view.init();
    appendAll(view, 0, half);
    const halfSnapshot = view.snapshot();
    view.restore(reference.snapshot);
    observations.overwritten = { halfSnapshot, snapshot: view.snapshot(), answers: answersOf(view) };
  });
  const halfSnapshot = observations.overwritten?.halfSnapshot;
  if (halfSnapshot) {
    await scenario('resumed', (view) => {
      view.init();
      view.restore(halfSnapshot);
      appendAll(view, half, events.length);
      observations.resumed = { snapshot: view.snapshot(), answers: answersOf(view) };
    });
  }
  if (queries.length > 0 && events.length > 0) {
    await scenario('interleaved', (view) => {
      view.init();
      for (let index = 0; index < events.length; index++) {
        view.append(events[index]!.bytes, index);
        answersOf(view);
      }
      observations.interleaved = { snapshot: view.snapshot(), answers: answersOf(view) };
    });
  }
  return observations;
}

/** The machine's functions, each telling the progress watcher and turning a trap into a recorded Trap. */
interface CallsOf {
  bind(machine: Machine): void;
  init(): void;
  append(event: Uint8Array, index: number): void;
  query(input: Uint8Array, index: number): Uint8Array;
  snapshot(): Uint8Array;
  restore(snapshot: Uint8Array): void;
}

function callsOf(scenario: ScenarioId, progress: Progress | undefined): CallsOf {
  let machine: Machine | undefined;
  // Every call of the scenario so far, so that a trap can be replayed elsewhere to learn what the view said.
  const history: ReplayedCall[] = [];
  const call = <T>(made: ReplayedCall, index: number, fn: (m: Machine) => T): T => {
    progress?.enter(scenario, made[0], index);
    history.push(made);
    try {
      return fn(machine!);
    } catch (error) {
      throw new TrapSignal({ ...trapOf(scenario, made[0], index, error), history });
    }
  };
  return {
    bind: (bound) => (machine = bound),
    init: () => call(['init'], -1, (m) => m.init()),
    append: (event, index) => call(['append', event], index, (m) => m.append(event)),
    query: (input, index) => call(['query', input], index, (m) => m.query(input)),
    snapshot: () => call(['snapshot'], -1, (m) => m.snapshot()),
    restore: (snapshot) => call(['restore', snapshot], -1, (m) => m.restore(snapshot)),
  };
}

function trapOf(scenario: ScenarioId, call: CallKind, index: number, error: unknown): Trap {
  const message = error instanceof Error ? error.message : String(error);
  return { scenario, call, index, message, importCalled: error instanceof ImportCalledError, history: [] };
}
