/**
 * The fuzz loop, in a worker thread so that the test can stop it: before each read it writes which case it is
 * on into shared memory, so a read that never returns, or that runs the worker out of its heap, is named by
 * the thread watching it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mutate, readOrDecodeError } from './fuzz-mutations.ts';

export interface FuzzJob {
  seeds: { name: string; bytes: Uint8Array }[];
  seedNumbers: number[];
  seconds: number;
  /** Shared: [cases started, seed number, iteration]. */
  progress: SharedArrayBuffer;
  /** For the harness's own test: make one read hang, or allocate without bound. */
  sabotage?: 'hang' | 'allocate';
}

export interface FuzzReport {
  cases: number;
  read: number;
  refused: number;
  slowestMs: number;
  slowest: string;
  byMutation: Record<string, number>;
  /** Reads that threw something other than a DecodeError. */
  crashes: string[];
}

/** The case a seed number and an iteration stand for: which seed it mutates, and the PRNG seed. */
export function caseOf(job: Pick<FuzzJob, 'seeds'>, seedNumber: number, iteration: number) {
  return { seed: job.seeds[iteration % job.seeds.length]!, caseSeed: (seedNumber * 0x9e3779b1 + iteration) >>> 0 };
}

function sabotaged(kind: 'hang' | 'allocate'): never {
  const hoard: number[][] = [];
  for (;;) if (kind === 'allocate') hoard.push(new Array(1 << 20).fill(1));
}

function run(job: FuzzJob): FuzzReport {
  const progress = new Int32Array(job.progress);
  const report: FuzzReport = { cases: 0, read: 0, refused: 0, slowestMs: 0, slowest: '', byMutation: {}, crashes: [] };
  const deadline = performance.now() + job.seconds * 1000;
  for (let iteration = 0; performance.now() < deadline; iteration++) {
    for (const seedNumber of job.seedNumbers) {
      const { seed, caseSeed } = caseOf(job, seedNumber, iteration);
      Atomics.store(progress, 1, seedNumber);
      Atomics.store(progress, 2, iteration);
      Atomics.add(progress, 0, 1);
      if (job.sabotage && report.cases === 10) sabotaged(job.sabotage);
      const { bytes, steps, slowestMapMs } = mutate(seed.bytes, caseSeed);
      const name = `seed ${seedNumber}, iteration ${iteration} (${seed.name}: ${steps.join(', ') || 'no mutation'})`;
      const started = performance.now();
      try {
        if (readOrDecodeError(bytes) === 'read') report.read++;
        else report.refused++;
      } catch (error) {
        // readOrDecodeError lets only what is not a DecodeError through: a crash.
        report.crashes.push(`${name} threw ${String(error)}`);
      }
      const took = Math.max(performance.now() - started, slowestMapMs);
      if (took > report.slowestMs) {
        report.slowestMs = took;
        report.slowest = name;
      }
      for (const step of steps) report.byMutation[step] = (report.byMutation[step] ?? 0) + 1;
      report.cases++;
    }
  }
  return report;
}

if (parentPort) parentPort.postMessage(run(workerData as FuzzJob));
