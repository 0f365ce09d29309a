/** The conformance stage: reads the sample events and queries, and runs the view against its contract. */
import { runConformanceIsolated } from './isolated.ts';
import type { ConformanceReport } from './run-conformance.ts';
import { readEvents, readQueries } from './test-files.ts';

export type { ConformanceReport, ConformanceStats } from './run-conformance.ts';

/** The conformance inputs. */
export interface ConformanceSettings {
  /** Absolute paths of the sample files, or undefined to run with none. */
  eventsFile: string | undefined;
  queriesFile: string | undefined;
}

export interface ConformanceTest extends ConformanceSettings {
  componentBytes: Uint8Array;
  /** The core module inside the component, when the build kept one that can explain a trap (Go's). */
  coreModule?: Uint8Array | undefined;
  callTimeoutMs?: number;
}

export async function testView(test: ConformanceTest): Promise<ConformanceReport> {
  const events = test.eventsFile ? readEvents(test.eventsFile) : [];
  const queries = test.queriesFile ? readQueries(test.queriesFile) : [];
  const request = {
    componentBytes: test.componentBytes,
    events,
    queries,
    eventsFile: test.eventsFile,
    queriesFile: test.queriesFile,
    coreModule: test.coreModule,
  };
  return runConformanceIsolated(request, test.callTimeoutMs);
}
