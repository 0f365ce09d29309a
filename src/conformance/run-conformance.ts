import { countBySeverity, type Finding } from '../kernel/findings.ts';
import { evaluateRules, type RuleResult } from '../kernel/rules.ts';
import { CONFORMANCE_RULES, type ConformanceInput } from './conformance-rules.ts';
import { replayOnCore } from './core-replay.ts';
import { type Progress, runScenarios, type Trap } from './scenarios.ts';
import type { TestEvent, TestQuery } from './test-files.ts';
import { loadView } from './view-runtime.ts';

export interface ConformanceRequest {
  componentBytes: Uint8Array;
  events: TestEvent[];
  queries: TestQuery[];
  /** Where events and queries came from, for annotations; undefined when none were given. */
  eventsFile: string | undefined;
  queriesFile: string | undefined;
  /** The core module inside the component, when it runs on WASI preview 1: traps are replayed on it to learn why. */
  coreModule?: Uint8Array | undefined;
}

export interface ConformanceStats {
  events: number;
  /** Time per append in the first run, in milliseconds. */
  appendMeanMs: number;
  appendP95Ms: number;
  snapshotBytes: number;
  memoryBytes: number;
  /** jco's transpile of the component to JS and the compile of its core modules, in milliseconds. */
  loadMs: number;
  /** All the scenarios together, in milliseconds. */
  runMs: number;
  /** Each sample query with its answer in the first run (no answer when the run trapped). */
  queries: Array<TestQuery & { answer?: Uint8Array }>;
  imports: string[];
}

export interface ConformanceReport {
  results: RuleResult[];
  findings: Finding[];
  errors: number;
  warnings: number;
  stats: ConformanceStats | undefined;
}

/** Runs the view on the sample events in every scenario and judges the rules; in this thread (see isolated.ts). */
export async function runConformance(request: ConformanceRequest, progress?: Progress): Promise<ConformanceReport> {
  const loadStart = performance.now();
  const runtime = await loadView(request.componentBytes);
  const loadMs = performance.now() - loadStart;
  const runStart = performance.now();
  const observations = await runScenarios(runtime, request.events, request.queries, progress);
  const runMs = performance.now() - runStart;
  if (request.coreModule) await explainTraps(observations.traps, request.coreModule);

  const input: ConformanceInput = { observations, ...request };
  const results = evaluateRules(CONFORMANCE_RULES, input);
  const findings = results.flatMap((result) => result.findings);
  const reference = observations.reference;
  const appendMs = reference?.appendMs ?? [];
  return {
    results,
    findings,
    ...countBySeverity(findings),
    stats: {
      events: request.events.length,
      appendMeanMs: appendMs.length ? appendMs.reduce((a, b) => a + b, 0) / appendMs.length : 0,
      appendP95Ms: percentile(appendMs, 0.95),
      snapshotBytes: reference?.snapshot.length ?? 0,
      memoryBytes: reference?.memoryBytes ?? 0,
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

/** How many distinct traps are replayed on the core module: each replay runs the scenario again. */
const EXPLAINED_TRAPS = 3;

/** Replays each distinct trap on the core module with its output kept, and records what the view wrote. */
async function explainTraps(traps: Trap[], core: Uint8Array): Promise<void> {
  const seen = new Set<string>();
  for (const trap of traps) {
    const key = `${trap.call}:${trap.index}`;
    if (trap.history.length === 0 || seen.has(key) || seen.size >= EXPLAINED_TRAPS) continue;
    seen.add(key);
    const replay = await replayOnCore(core, trap.history);
    if (replay.trapped && replay.output.trim()) trap.viewOutput = replay.output;
  }
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
