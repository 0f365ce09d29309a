/**
 * The component reader on broken and hostile bytes: it must read a component or raise a DecodeError, never
 * throw anything else, never hang, and never allocate from a length it has not checked against the bytes
 * left. Besides cutting and flipping bytes, a fuzz loop applies structure-aware mutations
 * (test/support/fuzz-mutations.ts) for a bounded time, in a worker with a heap limit and a watchdog, so a hang
 * or a runaway allocation fails the test and names the case instead of stalling the run.
 *
 * Every case derives from a fixed seed number and an iteration, so a failure names what reproduces it
 * (`caseOf` and `mutate` rebuild the bytes).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { RENDER_LIMIT, renderFunc, sameFunc } from '../../src/wasm/component-types.ts';
import { leb, MUTATIONS, mapFields, prng, readOrDecodeError } from '../support/fuzz-mutations.ts';
import type { FuzzJob, FuzzReport } from '../support/fuzz-worker.ts';
import { fixtures } from '../support/views.ts';

/** How long the structure-aware fuzzing runs, in seconds (FUZZ_SECONDS overrides it). */
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 3);
const SEED_NUMBERS = [1, 2, 3, 42, 0x5eed, 0xc0ffee, 0xdecaf, 0x7e57ab1e];
/** No read may take longer than this (the seeds read in well under a millisecond). */
const CALL_LIMIT_MS = 500;
/** A read that shows no progress for this long is a hang: the worker is stopped. */
const WATCHDOG_MS = 5000;
/** The worker's heap: reading a few kilobytes must never need more. */
const HEAP_LIMIT_MB = 256;

type Outcome = { report: FuzzReport } | { failure: string };

/** Runs the fuzz loop in a worker, stopping it if a case makes no progress or the worker runs out of heap. */
function fuzzInWorker(job: Omit<FuzzJob, 'progress'>, watchdogMs = WATCHDOG_MS): Promise<Outcome> {
  const progress = new SharedArrayBuffer(12);
  const shared = new Int32Array(progress);
  const worker = new Worker(new URL('../support/fuzz-worker.ts', import.meta.url), {
    workerData: { ...job, progress },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB, maxYoungGenerationSizeMb: 32 },
  });
  const current = () => `seed ${Atomics.load(shared, 1)}, iteration ${Atomics.load(shared, 2)}`;
  return new Promise((resolve) => {
    let seen = -1;
    let since = performance.now();
    const watchdog = setInterval(() => {
      const started = Atomics.load(shared, 0);
      if (started !== seen) {
        seen = started;
        since = performance.now();
      } else if (performance.now() - since > watchdogMs) {
        finish({ failure: `${current()} made no progress for ${watchdogMs} ms` });
      }
    }, 100);
    const finish = (outcome: Outcome) => {
      clearInterval(watchdog);
      void worker.terminate();
      resolve(outcome);
    };
    worker.on('message', (report: FuzzReport) => finish({ report }));
    worker.on('error', (error) => finish({ failure: `${current()}: ${String(error)}` }));
    worker.on('exit', (code) => finish({ failure: `${current()}: the worker exited with ${code}` }));
  });
}

// ---- Seeds: components with most of the structure the reader knows ----

const RICH_SEED = `(component $outer
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (result i32) unreachable)
    (func (export "g") (param i32) unreachable)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable))
  (core instance $i (instantiate $m))
  (type $r (resource (rep i32)))
  (type $rec (record (field "a" u32) (field "b" (list string)) (field "c" (option (tuple u8 s64)))))
  (type $var (variant (case "x" $rec) (case "y") (case "z" (result u32 (error string)))))
  (type $flags (flags "one" "two"))
  (type $enum (enum "red" "green"))
  (type $map (map string (list u32 4)))
  (type $own (own $r))
  (type $borrow (borrow $r))
  (type $stream (stream u8))
  (type $future (future $rec))
  (type $inst (instance
    (core type (module (import "a" "b" (func)) (export "m" (memory 1))))
    (export "res" (type $res (sub resource)))
    (type $h (own $res))
    (export "make" (func (param "seed" u64) (result $h)))
    (export "describe" (func (param "v" $var) (param "f" $flags) (result $enum)))))
  (import "deps" (implements "a:b/deps@1.0.0") (instance $deps (type $inst)))
  (alias export $deps "make" (func $make))
  (core func $lowered (canon lower (func $make) (memory (core memory $i "memory"))))
  (core func (canon task.cancel))
  (core func (canon resource.new $r))
  (core func (canon context.get i32 0))
  (core func (canon stream.new $stream))
  (core func (canon waitable-set.wait (memory (core memory $i "memory"))))
  (core func (canon task.return (result u32)))
  (type $ft (func (param "m" $map) (param "s" $stream) (result $own)))
  (func $lifted (type $ft) (canon lift (core func $i "f") (memory (core memory $i "memory"))
    (realloc (core func $i "realloc"))))
  (component $inner
    (import "f" (func $f (type $ft)))
    (type $t2 (component (import "x" (func)) (export "y" (func (result u32)))))
    (import "c" (component (type $t2)))
    (export "g" (func $f)))
  (component $inner2
    (import "x" (func))
    (core module $m2 (func (export "y") (result i32) unreachable))
    (core instance $i2 (instantiate $m2))
    (func (export "y") (result u32) (canon lift (core func $i2 "y"))))
  (instance $made (instantiate $inner (with "f" (func $lifted)) (with "c" (component $inner2))))
  (instance $inline (export "lifted" (func $lifted)) (export "rec" (type $rec)))
  (export "api" (implements "a:b/api") (instance $inline))
  (export "lifted" (func $lifted) (func (type $ft))))`;

async function seeds(): Promise<{ name: string; bytes: Uint8Array }[]> {
  return [
    { name: 'valid view', bytes: await fixtures.valid() },
    { name: 'view importing WASI', bytes: await fixtures.wasiImport() },
    { name: 'rich component', bytes: await parse(RICH_SEED) },
  ];
}

/** Offsets where a top-level section ends: id byte, LEB128 size, payload. */
function sectionBoundaries(bytes: Uint8Array): Set<number> {
  const ends = new Set<number>([8]);
  let at = 8;
  while (at < bytes.length) {
    at++;
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      size |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    at += size;
    ends.add(at);
  }
  return ends;
}

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** A component whose type section holds `types`, each `(type …)` text, then one function import using the last. */
const typeChain = (types: string[], imports = 1) =>
  `(component ${types.join(' ')} ${Array.from(
    { length: imports },
    (_, i) => `(import "f${i}" (func (param "x" $t${types.length - 1})))`,
  ).join(' ')})`;

describe('the component reader on hostile shapes', () => {
  it('refuses component and instance types nested past 10,000 levels, with a DecodeError', () => {
    // WAT cannot say it (jco's parser stops at 100 parentheses), so the bytes are written out: a type section
    // of one instance type (0x42) whose one declaration (0x01) is a type, nested `levels` deep, the innermost
    // an empty instance type (0x42 0x00).
    const nested = (levels: number) => {
      const type = [...Array.from({ length: levels - 1 }, () => [0x42, 0x01, 0x01]).flat(), 0x42, 0x00];
      const payload = [0x01, ...type];
      return new Uint8Array([...COMPONENT_HEADER, 0x07, ...leb(payload.length), ...payload]);
    };
    assert.equal(readOrDecodeError(nested(10_000)), 'read');
    assert.throws(() => readComponent(nested(10_001)), /nest deeper than 10000/);
    assert.throws(() => readComponent(nested(1_000_000)), /nest deeper than 10000/);
  });

  it("refuses value types nested past wasmparser's limit of 100 levels", async () => {
    const lists = (count: number) => [
      '(type $t0 u8)',
      ...Array.from({ length: count }, (_, i) => `(type $t${i + 1} (list $t${i}))`),
    ];
    // u8 is one level and each list one more: 99 lists make 100 levels, as far as wasmparser goes.
    assert.equal(readOrDecodeError(await parse(typeChain(lists(99)))), 'read');
    const tooDeep = await parse(typeChain(lists(100)));
    assert.throws(() => readComponent(tooDeep), /type nesting is deeper than 100/);
  });

  it('reads a type whose text doubles with every definition, prints it cut short and compares it at once', async () => {
    // Valid (wasm-tools validates it): types are shared by index, so 41 small definitions describe a tuple whose
    // text would take 2^41 characters. Nothing may walk it whole.
    const doubling = [
      '(type $t0 (tuple u8 u8))',
      ...Array.from({ length: 40 }, (_, i) => `(type $t${i + 1} (tuple $t${i} $t${i}))`),
    ];
    const bytes = await parse(typeChain(doubling, 20));
    const started = performance.now();
    const summary = readComponent(bytes);
    assert.equal(summary.imports.size, 20);
    const [first, second] = [...summary.imports.values()].map((item) => {
      if (item.sort !== 'func' || item.type.kind !== 'func') assert.fail('expected a function import');
      return item.type;
    });
    const text = renderFunc(first!);
    assert.equal(text.length, RENDER_LIMIT + 1);
    assert.match(text, /^func\(x: tuple<tuple<tuple<.*…$/);
    assert.ok(sameFunc(first!, second!, { paramNames: true }));
    assert.ok(performance.now() - started < CALL_LIMIT_MS, `took ${performance.now() - started} ms`);
  });

  it('checks vector counts and name lengths against the bytes left before reading any', () => {
    const header = COMPONENT_HEADER;
    const section = (id: number, payload: number[]) => [id, ...leb(payload.length), ...payload];
    const huge = [0xff, 0xff, 0xff, 0xff, 0x0f];
    for (const payload of [
      [...huge, 0x40], // a type section claiming 2^32 - 1 types
      [0x01, 0x00, ...huge, 0x61], // an import whose name claims 2^32 - 1 bytes
      [0x01, 0x72, ...huge, 0x00], // a record claiming 2^32 - 1 fields
    ]) {
      const id = payload[1] === 0x00 ? 10 : 7;
      assert.throws(
        () => readComponent(new Uint8Array([...header, ...section(id, payload)])),
        (error) => error instanceof DecodeError && error.truncated,
      );
    }
  });
});

describe('the component reader on broken bytes', () => {
  it('raises a truncation DecodeError for every prefix of a component that cuts a section', async () => {
    const bytes = await fixtures.wasiImport();
    const boundaries = sectionBoundaries(bytes);
    for (let length = 8; length < bytes.length; length++) {
      if (boundaries.has(length)) {
        // A cut between sections leaves a smaller, well-formed component; the exports rule catches what is missing.
        assert.equal(readOrDecodeError(bytes.subarray(0, length)), 'read');
        continue;
      }
      assert.throws(
        () => readComponent(bytes.subarray(0, length)),
        (error) => error instanceof DecodeError && error.truncated,
        `prefix ${length}`,
      );
    }
  });

  it('reads or raises a DecodeError, never crashes, when any single byte is corrupted', async () => {
    const bytes = await fixtures.valid();
    const outcomes = { read: 0, 'decode-error': 0 };
    for (let offset = 8; offset < bytes.length; offset++) {
      for (const value of [0x00, 0x7f, 0x80, 0xff]) {
        const corrupted = bytes.slice();
        corrupted[offset] = value;
        outcomes[readOrDecodeError(corrupted)]++;
      }
    }
    assert.ok(outcomes['decode-error'] > 0 && outcomes.read > 0, JSON.stringify(outcomes));
  });

  it('maps the seeds: the mutations have integers of every kind to work on', async () => {
    for (const seed of await seeds()) {
      assert.equal(readOrDecodeError(seed.bytes), 'read', seed.name);
      const fields = mapFields(seed.bytes);
      for (const mutation of MUTATIONS.slice(0, 4)) {
        assert.ok(mutation.apply(seed.bytes, fields, prng(1)), `${seed.name}: nothing for "${mutation.name}"`);
      }
    }
  });

  it('survives structure-aware mutations: a read or a DecodeError, in bounded time and heap', async (t) => {
    const outcome = await fuzzInWorker({ seeds: await seeds(), seedNumbers: SEED_NUMBERS, seconds: FUZZ_SECONDS });
    if ('failure' in outcome) assert.fail(outcome.failure);
    const { report } = outcome;
    t.diagnostic(
      `${report.cases} mutated components: ${report.read} read, ${report.refused} refused; slowest ` +
        `${report.slowestMs.toFixed(1)} ms; ${Object.entries(report.byMutation)
          .map(([m, n]) => `${m} ${n}`)
          .join(', ')}`,
    );
    assert.deepEqual(report.crashes, []);
    assert.ok(report.slowestMs < CALL_LIMIT_MS, `${report.slowest} took ${report.slowestMs.toFixed(0)} ms`);
    assert.ok(report.read > 0 && report.refused > 0, JSON.stringify(report));
  });

  it('stops and names a case that hangs or runs out of heap (the harness, sabotaged)', async () => {
    const job = { seeds: [{ name: 'valid view', bytes: await fixtures.valid() }], seedNumbers: [7], seconds: 30 };
    const hang = await fuzzInWorker({ ...job, sabotage: 'hang' }, 1000);
    assert.match('failure' in hang ? hang.failure : '', /seed 7, iteration 10 made no progress/);
    const allocate = await fuzzInWorker({ ...job, sabotage: 'allocate' });
    assert.match('failure' in allocate ? allocate.failure : '', /seed 7, iteration 10: .*(memory|heap)/i);
  });
});
