// The conformance run's own thread, so that a view that never returns can be stopped (see isolated.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { progressWriter } from './progress.ts';
import { type ConformanceRequest, runConformance } from './run-conformance.ts';

const { request, progress } = workerData as { request: ConformanceRequest; progress: SharedArrayBuffer };
try {
  parentPort!.postMessage({ report: await runConformance(request, progressWriter(progress)) });
} catch (error) {
  parentPort!.postMessage({
    error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
  });
}
