/**
 * Runs the conformance test in a worker thread with a watchdog: a call into the view that does not return
 * within the limit (an endless loop in append, say) stops the worker and fails the run, naming the call,
 * instead of hanging the job until GitHub's six-hour timeout.
 */
import { Worker } from 'node:worker_threads';
import { sameBytes } from '../kernel/bytes.ts';
import { finding } from '../kernel/findings.ts';
import { CONFORMANCE_RULES, callLocation, describeCall } from './conformance-rules.ts';
import { type CallInProgress, PROGRESS_BYTES, readProgress } from './progress.ts';
import type { ConformanceReport, ConformanceRequest } from './run-conformance.ts';
import type { ScenarioId } from './scenarios.ts';

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

// From the sources the worker is worker.ts beside this file; in the bundle, conformance-worker.js beside index.js.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./worker.ts', import.meta.url)
  : new URL('./conformance-worker.js', import.meta.url);

/**
 * A conformance worker: started before its view is known, it loads jco's transpiler; given the component, it loads
 * the view (while the validation runs); asked to run, it runs the test. No code of the view runs before `run`.
 */
export interface ConformanceWorker {
  /** The component it loads, once given. */
  componentBytes: Uint8Array | undefined;
  load(componentBytes: Uint8Array): void;
  run(request: ConformanceRequest, callTimeoutMs?: number): Promise<ConformanceReport>;
  stop(): void;
}

export function startConformanceWorker(): ConformanceWorker {
  const progress = new SharedArrayBuffer(PROGRESS_BYTES);
  const worker = new Worker(WORKER_URL, { workerData: { progress } });
  // Until it is asked to run, an error or an exit is kept for `run` to report.
  let early: Error | undefined;
  const keep = (error: Error) => {
    early ??= error;
  };
  worker.on('error', keep);
  worker.on('exit', (code) => keep(new Error(`the conformance worker exited with code ${code} before reporting`)));
  const handle: ConformanceWorker = {
    componentBytes: undefined,
    load: (componentBytes) => {
      handle.componentBytes = componentBytes;
      worker.postMessage({ load: componentBytes });
    },
    stop: () => void worker.terminate(),
    run: (request, callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS) =>
      new Promise<ConformanceReport>((resolve, reject) => {
        worker.removeAllListeners();
        if (early) {
          void worker.terminate();
          reject(early);
          return;
        }
        let last: CallInProgress | undefined;
        let lastChange = performance.now();
        const watchdog = setInterval(
          () => {
            const now = readProgress(progress);
            if (now?.sequence !== last?.sequence) {
              last = now;
              lastChange = performance.now();
            } else if (now && performance.now() - lastChange > callTimeoutMs) {
              finish(() => resolve(timedOut(request, now, callTimeoutMs)));
            }
          },
          Math.min(250, callTimeoutMs / 4),
        );
        const finish = (settle: () => void) => {
          clearInterval(watchdog);
          worker.removeAllListeners();
          void worker.terminate();
          settle();
        };
        worker.on('message', (message: { report?: ConformanceReport; error?: { message: string; stack?: string } }) => {
          finish(() => {
            if (message.report) resolve(message.report);
            else
              reject(
                Object.assign(new Error(message.error?.message ?? 'the conformance worker failed'), {
                  stack: message.error?.stack,
                }),
              );
          });
        });
        worker.on('error', (error) => finish(() => reject(error)));
        worker.on('exit', (code) =>
          finish(() => reject(new Error(`the conformance worker exited with code ${code} before reporting`))),
        );
        // The component goes first unless it went already; then the rest of the request.
        const { componentBytes, ...rest } = request;
        if (!handle.componentBytes || !sameBytes(handle.componentBytes, componentBytes)) handle.load(componentBytes);
        worker.postMessage({ run: rest });
      }),
  };
  return handle;
}

/** The test in a worker of its own, from the start. */
export function runConformanceIsolated(
  request: ConformanceRequest,
  callTimeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<ConformanceReport> {
  return startConformanceWorker().run(request, callTimeoutMs);
}

const RULE_OF_SCENARIO: Record<ScenarioId, string> = {
  reference: 'runs',
  replay: 'deterministic',
  resumed: 'deterministic',
  interleaved: 'deterministic',
  restored: 'snapshot-restore',
  overwritten: 'restore-replaces',
};

/** The report when the watchdog stopped the run: the call that hung fails its rule; the rest did not finish. */
function timedOut(request: ConformanceRequest, hung: CallInProgress, callTimeoutMs: number): ConformanceReport {
  const ruleId = RULE_OF_SCENARIO[hung.scenario];
  const seconds = callTimeoutMs / 1000;
  const found = finding(
    'error',
    `${describeCall(request, hung)} did not return within ${seconds} s; the conformance test was stopped.`,
    'Look for an endless loop or very slow work in that call; Primatomic calls views for every event, so each ' +
      'call must be quick.',
    callLocation(request, hung),
  );
  const results = CONFORMANCE_RULES.map((rule) =>
    rule.id === ruleId
      ? { id: rule.id, title: rule.title, status: 'fail' as const, findings: [{ rule: rule.id, ...found }] }
      : {
          id: rule.id,
          title: rule.title,
          status: 'skipped' as const,
          findings: [],
          skippedBecause: `the test was stopped: ${describeCall(request, hung)} hung`,
        },
  );
  return {
    trapped: false,
    emptyResults: false,
    results,
    findings: results.flatMap((r) => r.findings),
    errors: 1,
    warnings: 0,
    stats: undefined,
  };
}
