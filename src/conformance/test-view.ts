import type { ConformanceReport } from './conformance.ts';
import { runConformanceIsolated } from './isolated.ts';
import { readEvents, readQueries } from './test-files.ts';

export interface TestViewOptions {
  componentBytes: Uint8Array;
  /** Absolute paths of the sample files, or undefined to run with none. */
  eventsFile: string | undefined;
  queriesFile: string | undefined;
  callTimeoutMs?: number;
}

/** The conformance stage: reads the sample events and queries, and runs the view against its contract. */
export async function testView(options: TestViewOptions): Promise<ConformanceReport> {
  const events = options.eventsFile ? readEvents(options.eventsFile) : [];
  const queries = options.queriesFile ? readQueries(options.queriesFile) : [];
  return runConformanceIsolated({
    componentBytes: options.componentBytes,
    events,
    queries,
    eventsFile: options.eventsFile,
    queriesFile: options.queriesFile,
  }, options.callTimeoutMs);
}
