// The conformance run's own thread, so that a view that never returns can be stopped (see isolated.ts). It gets ready
// as soon as it starts: jco's transpiler (a 3.5 MB component of its own) is loaded by transpiling the carried world's
// stand-in; then it loads the view when its bytes come (transpile, compile: no code of the view runs), and runs the
// test when the rest of the request comes.
import { parentPort, workerData } from 'node:worker_threads';
import { progressWriter } from './progress.ts';
import { type ConformanceRequest, runConformance } from './run-conformance.ts';
import { loadView, warmTranspiler } from './view-runtime.ts';

const { progress } = workerData as { progress: SharedArrayBuffer };
const warm = warmTranspiler();
let componentBytes: Uint8Array | undefined;
let loading: ReturnType<typeof load> | undefined;

function load(bytes: Uint8Array) {
  const started = performance.now();
  const loaded = warm.then(() => loadView(bytes)).then((runtime) => ({ runtime, loadMs: performance.now() - started }));
  // A load that fails is reported when the test is asked for, not as an unhandled rejection before.
  loaded.catch(() => {});
  return loaded;
}

parentPort!.on('message', async (message: { load?: Uint8Array; run?: Omit<ConformanceRequest, 'componentBytes'> }) => {
  if (message.load) {
    componentBytes = message.load;
    loading = load(message.load);
    return;
  }
  if (!message.run || !componentBytes || !loading) return;
  try {
    const request = { ...message.run, componentBytes };
    parentPort!.postMessage({ report: await runConformance(request, progressWriter(progress), loading) });
  } catch (error) {
    parentPort!.postMessage({
      error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) },
    });
  }
});
