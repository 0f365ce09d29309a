/** The conformance stage: reads the sample events and queries, and runs the view against its contract. */

import type { TrapExplainer } from '../languages/index.ts';
import { runConformanceIsolated } from './isolated.ts';
import type { ConformanceReport } from './run-conformance.ts';
import type { TestEvent, TestQuery } from './test-files.ts';

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
  /** What can tell why the view trapped, when the build can make it (see TrapExplainer). */
  explainer?: TrapExplainer | undefined;
  callTimeoutMs?: number;
}

export async function testView(test: ConformanceTest): Promise<ConformanceReport> {
  const request = {
    componentBytes: test.componentBytes,
    events: test.events,
    queries: test.queries,
    eventsFile: test.eventsFile,
    queriesFile: test.queriesFile,
    explainer: test.explainer,
  };
  return runConformanceIsolated(request, test.callTimeoutMs);
}
