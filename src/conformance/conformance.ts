/**
 * The conformance stage: runs the view against its contract on the sample events and queries (read by the inputs),
 * in a worker with a watchdog; when the view trapped and its build can say why, once more with that explanation.
 */

import { availableParallelism } from 'node:os';
import type { TrapExplainer } from '../contract/explainer.ts';
import type { Log } from '../kernel/log.ts';
import { type ConformanceWorker, runConformanceIsolated, startConformanceWorker } from './isolated.ts';
import type { ConformanceReport } from './run-conformance.ts';
import type { TestEvent, TestQuery } from './test-files.ts';

export type { ConformanceWorker } from './isolated.ts';
export type { ConformanceReport, ConformanceStats } from './run-conformance.ts';

/** The conformance inputs: the sample files (absolute paths, or undefined when none) and what they hold. */
export interface ConformanceSettings {
  eventsFile: string | undefined;
  queriesFile: string | undefined;
  events: TestEvent[];
  queries: TestQuery[];
}

export interface ConformanceTest extends ConformanceSettings {
  componentBytes: Uint8Array;
  /** Makes what can tell why the view trapped, when the build can (a Go panic's text, a JavaScript exception's). */
  makeExplainer?: (() => Promise<TrapExplainer>) | undefined;
  /** Make the explainer when an answer or a snapshot came back empty too (it can tell a return that is not bytes). */
  explainEmptyResults?: boolean;
  callTimeoutMs?: number;
  /** A worker started early (see startEarly), which may have loaded the view already. */
  preloaded?: ConformanceWorker | undefined;
}

/**
 * A conformance worker started early, when a spare core can run it beside the rest: it loads jco's transpiler while
 * the view is built, and the view (given with `load`) while it is validated.
 */
export function startEarly(): ConformanceWorker | undefined {
  return availableParallelism() > 1 ? startConformanceWorker() : undefined;
}

/**
 * The test; when the view trapped and its build can say why, the test runs again with that explanation, so that
 * each trap's finding carries the view's own words.
 */
export async function testView(test: ConformanceTest, log: Log): Promise<ConformanceReport> {
  const { makeExplainer, explainEmptyResults, callTimeoutMs, preloaded, ...request } = test;
  // The validated bytes, and no others: a worker that loaded something else (the file changed since) loads these.
  const report = await (preloaded ?? startConformanceWorker()).run(request, callTimeoutMs);
  const emptyResults = explainEmptyResults && report.emptyResults;
  if (!makeExplainer || !(report.trapped || emptyResults)) return report;
  log.info(
    report.trapped
      ? 'The view trapped: running the test again with a build that can say why.'
      : 'An answer or a snapshot was empty: running the test again with a build that can tell what the view returned.',
  );
  try {
    const explained = await runConformanceIsolated({ ...request, explainer: await makeExplainer() }, callTimeoutMs);
    // The same calls run again: a run that does not end as the first (the explainer hung, say) explains nothing.
    if (explained.trapped === report.trapped) return explained;
    log.info('No explanation: the run with the explaining build did not end as the first did.');
  } catch (error) {
    log.info(`No explanation: ${error instanceof Error ? error.message : String(error)}`);
  }
  return report;
}
