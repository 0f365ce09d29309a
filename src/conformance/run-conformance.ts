import type { TrapExplainer } from '../contract/explainer.ts';
import { countBySeverity, type Finding } from '../kernel/findings.ts';
import { evaluateRules, type RuleResult } from '../kernel/rules.ts';
import { CONFORMANCE_RULES, type ConformanceInput } from './conformance-rules.ts';
import { explainTraps, wrongReturns } from './explain-traps.ts';
import { type Progress, runScenarios } from './scenarios.ts';
import type { TestEvent, TestQuery } from './test-files.ts';
import { loadView, type ViewRuntime } from './view-runtime.ts';

export interface ConformanceRequest {
  componentBytes: Uint8Array;
  events: TestEvent[];
  queries: TestQuery[];
  /** Where events and queries came from, for annotations; undefined when none were given. */
  eventsFile: string | undefined;
  queriesFile: string | undefined;
  /** What can tell why the view trapped: each trap's calls are replayed on it (see TrapExplainer). */
  explainer?: TrapExplainer | undefined;
}

export interface ConformanceStats {
  events: number;
  /** Time per append in the first run, in milliseconds. */
  /** The figures of the first run; undefined when it trapped before it could measure them. */
  appendMeanMs: number | undefined;
  appendP95Ms: number | undefined;
  snapshotBytes: number | undefined;
  memoryBytes: number | undefined;
  /** jco's transpile of the component to JS and the compile of its core modules, in milliseconds. */
  loadMs: number;
  /** All the scenarios together, in milliseconds. */
  runMs: number;
  /** Each sample query with its answer in the first run (no answer when the run trapped). */
  queries: Array<TestQuery & { answer?: Uint8Array }>;
  imports: string[];
}

export interface ConformanceReport {
  /** Whether the view trapped: an explainer, where the build can make one, can then say why. */
  trapped: boolean;
  /** Whether a sample query's answer or the snapshot was empty (a JavaScript view may have returned a string). */
  emptyResults: boolean;
  results: RuleResult[];
  findings: Finding[];
  errors: number;
  warnings: number;
  stats: ConformanceStats | undefined;
}

/** Runs the view on the sample events in every scenario and judges the rules; in this thread (see isolated.ts). */
export async function runConformance(
  request: ConformanceRequest,
  progress?: Progress,
  /** The view, when its loading started earlier (beside the validation), and how long the load took. */
  loaded?: Promise<{ runtime: ViewRuntime; loadMs: number }>,
): Promise<ConformanceReport> {
  const loadStart = performance.now();
  const { runtime, loadMs } = loaded
    ? await loaded
    : { runtime: await loadView(request.componentBytes), loadMs: performance.now() - loadStart };
  const runStart = performance.now();
  const observations = await runScenarios(runtime, request.events, request.queries, progress);
  const runMs = performance.now() - runStart;
  if (request.explainer) {
    await explainTraps(observations.traps, request.explainer);
    observations.wrongReturns = await wrongReturns(request.explainer, request.events, request.queries);
  }

  const input: ConformanceInput = { observations, ...request };
  const results = evaluateRules(CONFORMANCE_RULES, input);
  const findings = results.flatMap((result) => result.findings);
  const reference = observations.reference;
  const appendMs = reference?.appendMs ?? [];
  const empty = (bytes: Uint8Array | undefined) => bytes !== undefined && bytes.length === 0;
  return {
    trapped: observations.traps.length > 0,
    emptyResults: !!reference && (empty(reference.snapshot) || reference.answers.some(empty)),
    results,
    findings,
    ...countBySeverity(findings),
    stats: {
      events: request.events.length,
      appendMeanMs: appendMs.length ? appendMs.reduce((a, b) => a + b, 0) / appendMs.length : undefined,
      appendP95Ms: appendMs.length ? percentile(appendMs, 0.95) : undefined,
      snapshotBytes: reference?.snapshot.length,
      memoryBytes: reference?.memoryBytes,
      loadMs,
      runMs,
      queries: request.queries.map((query, index) => ({
        ...query,
        ...(reference && { answer: reference.answers[index] }),
      })),
      imports: runtime.imports,
    },
  };
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
