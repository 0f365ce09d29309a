/**
 * The reader against the validator the action trusts: the real `wasm-tools validate` on PATH (the pinned release,
 * default features). Whatever it accepts, the reader must read: the corpus of wasm-tools' and wit-component's own
 * tests, mutations of that corpus, and binaries in encodings that wasm-tools accepts but jco's text format no
 * longer writes (so the corpus, assembled by jco, cannot hold them).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import type { ExternType } from '../../src/wasm/component-types.ts';
import { jco } from '../../src/wasm/jco.ts';
import { loadCorpus } from '../support/component-corpus.ts';
import { prng } from '../support/fuzz-mutations.ts';

/** Whether `wasm-tools validate` accepts the bytes, with its message when it does not. */
function validate(bytes: Uint8Array): Promise<{ valid: boolean; message: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('wasm-tools', ['validate', '-'], { maxBuffer: 1 << 20 }, (error, _out, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && code !== 1) reject(new Error(`wasm-tools validate failed (${String(code)}): ${stderr}`));
      else resolve({ valid: !error, message: stderr.trim().split('\n')[0] ?? '' });
    });
    child.stdin!.end(bytes);
  });
}

/** Runs `work` over `items`, a few at a time (each call starts a process). */
async function eachConcurrently<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
}

/**
 * Where wasm-tools accepts what the reader refuses, and the fault is wasm-tools': each is left out of the
 * comparisons below, by the reader's error.
 *
 * - A core module or nested component section (ids 1 and 4) whose declared size runs past the end of the file.
 *   wasmparser reads such a section with a nested parser bounded by the declared end, which takes the end of the
 *   data as the end of the module or component (wasmparser 0.257, parser.rs, `State::SectionStart`). The file
 *   was cut short; the reader says so, and the action reports a truncated file.
 */
const WASM_TOOLS_FAULTS = [/^unexpected end of data while reading section [14] \(/];

/** The reader's verdict: read, with the names of any items whose type it could not resolve, or its error. */
function read(bytes: Uint8Array): { unknown: string[] } | { error: string } {
  try {
    const summary = readComponent(bytes);
    const unknown: string[] = [];
    const visit = (prefix: string, items: Map<string, ExternType>) => {
      for (const [name, item] of items) {
        if (!('type' in item)) continue;
        if (item.type.kind === 'unknown') unknown.push(`${prefix}${name}`);
        else if (item.type.kind === 'instance') visit(`${prefix}${name}#`, item.type.exports);
      }
    };
    visit('import ', summary.imports);
    visit('export ', summary.exports);
    return { unknown };
  } catch (error) {
    if (error instanceof DecodeError) return { error: error.message };
    throw error;
  }
}

interface Valid {
  id: string;
  bytes: Uint8Array;
}

/** The corpus, assembled by jco and judged by wasm-tools; each run of the file needs it once. */
let judged: Promise<{ cases: number; assembled: number; valid: Valid[] }> | undefined;

function judgedCorpus() {
  judged ??= (async () => {
    const corpus = await loadCorpus();
    const assembled: Valid[] = [];
    for (const test of corpus) {
      if (test.bytes) {
        assembled.push({ id: test.id, bytes: test.bytes });
        continue;
      }
      try {
        // jco() gives a fresh instance after a panic, so one bad text does not spoil the rest.
        assembled.push({ id: test.id, bytes: await jco(test.id, (tools) => tools.parse(test.wat!)) });
      } catch {
        // Text jco's parser refuses (retired syntax); wasm-tools' tests cover what it means.
      }
    }
    const valid: Valid[] = [];
    await eachConcurrently(assembled, async (test) => {
      if ((await validate(test.bytes)).valid) valid.push(test);
    });
    valid.sort((a, b) => (a.id < b.id ? -1 : 1));
    return { cases: corpus.length, assembled: assembled.length, valid };
  })();
  return judged;
}

interface Section {
  start: number;
  end: number;
}

/** The top-level sections: each from its id byte to the end of its payload. */
function sectionsOf(bytes: Uint8Array): Section[] {
  const sections: Section[] = [];
  for (let at = 8; at < bytes.length; ) {
    const start = at++;
    let size = 0;
    for (let shift = 0; at < bytes.length; shift += 7) {
      const byte = bytes[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
    if (at > bytes.length) break;
    sections.push({ start, end: at });
  }
  return sections;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * One mutation of `bytes`: a byte changed or a bit flipped anywhere, or whole sections duplicated, dropped,
 * swapped, or spliced in from `other`, which keeps every section well-formed and changes what the
 * sections say together (index spaces, order).
 */
function mutate(bytes: Uint8Array, other: Uint8Array, random: () => number): Uint8Array {
  const below = (n: number) => Math.floor(random() * n);
  const sections = sectionsOf(bytes);
  const kind = below(6);
  if (kind <= 1 || sections.length === 0) {
    const out = bytes.slice();
    const at = 8 + below(out.length - 8);
    out[at] = kind === 0 ? below(256) : out[at]! ^ (1 << below(8));
    return out;
  }
  const section = sections[below(sections.length)]!;
  const body = bytes.subarray(section.start, section.end);
  const before = bytes.subarray(0, section.start);
  const after = bytes.subarray(section.end);
  if (kind === 2) return concat(before, body, body, after);
  if (kind === 3) return concat(before, after);
  if (kind === 4) {
    const donors = sectionsOf(other);
    if (donors.length === 0) return bytes;
    const donor = donors[below(donors.length)]!;
    return concat(before, other.subarray(donor.start, donor.end), body, after);
  }
  const second = sections[below(sections.length)]!;
  if (second === section) return bytes;
  const [first, last] = section.start < second.start ? [section, second] : [second, section];
  return concat(
    bytes.subarray(0, first.start),
    bytes.subarray(last.start, last.end),
    bytes.subarray(first.end, last.start),
    bytes.subarray(first.start, first.end),
    bytes.subarray(last.end),
  );
}

const HEADER = '\\00asm\\0d\\00\\01\\00';

/** A component of the given sections, written as WAT's `binary` strings (bytes as `\hh` escapes). */
const binaryWat = (...sections: number[][]) =>
  `(component binary "${HEADER}" ${sections
    .map((section) => `"${section.map((byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('')}"`)
    .join(' ')})`;

function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return out;
}

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** `levels` components, each nested in the one before (written inside out, so each size is known). */
function nestedComponents(levels: number): Uint8Array {
  const sizes = [8];
  for (let level = 1; level <= levels; level++) sizes.push(8 + 1 + leb(sizes[level - 1]!).length + sizes[level - 1]!);
  const out: number[] = [];
  for (let level = levels; level >= 1; level--) out.push(...COMPONENT_HEADER, 0x04, ...leb(sizes[level - 1]!));
  out.push(...COMPONENT_HEADER);
  return new Uint8Array(out);
}

/** A type section of one instance type whose one declaration is an instance type, `levels` deep. */
function nestedInstanceTypes(levels: number): Uint8Array {
  const payload = [0x01, ...Array.from({ length: levels - 1 }, () => [0x42, 0x01, 0x01]).flat(), 0x42, 0x00];
  return new Uint8Array([...COMPONENT_HEADER, 0x07, ...leb(payload.length), ...payload]);
}

describe('the component reader against `wasm-tools validate`', () => {
  it('reads every component of the corpus that wasm-tools validates, resolving every item', async (t) => {
    const { cases, assembled, valid } = await judgedCorpus();
    const failures: string[] = [];
    for (const test of valid) {
      const verdict = read(test.bytes);
      if ('error' in verdict) failures.push(`${test.id}: ${verdict.error}`);
      else if (verdict.unknown.length > 0) failures.push(`${test.id}: unresolved ${verdict.unknown.join(', ')}`);
    }
    t.diagnostic(
      `${cases} components in the corpus, ${assembled} assembled by jco, ${valid.length} valid by wasm-tools ` +
        `validate, ${valid.length - failures.length} of them read`,
    );
    assert.deepEqual(failures, []);
    // An empty or truncated download must not pass for a clean run.
    assert.ok(valid.length >= 400, `only ${valid.length} valid components`);
  });

  const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 5);

  it(`reads the mutations of the corpus that wasm-tools validates, for ${FUZZ_SECONDS} s`, async (t) => {
    // Small components mutate and validate fast; jco's own tools (megabytes of core code) would take most of the time.
    const valid = (await judgedCorpus()).valid.filter((test) => test.bytes.length < 1 << 16);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    t.diagnostic(`seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
    const random = prng(seed);
    const deadline = performance.now() + FUZZ_SECONDS * 1000;
    const counts = { mutants: 0, refused: 0, validated: 0 };
    const missed: string[] = [];
    // Only a mutant the reader refuses can break the rule; the validator judges as many of those as time allows.
    const checks = new Set<Promise<void>>();
    while (performance.now() < deadline) {
      let bytes = valid[Math.floor(random() * valid.length)]!.bytes;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        bytes = mutate(bytes, valid[Math.floor(random() * valid.length)]!.bytes, random);
      }
      counts.mutants++;
      const verdict = read(bytes);
      if (!('error' in verdict) || WASM_TOOLS_FAULTS.some((fault) => fault.test(verdict.error))) continue;
      counts.refused++;
      if (checks.size >= availableParallelism()) await Promise.race(checks);
      const check = validate(bytes).then(({ valid: accepted }) => {
        counts.validated++;
        if (accepted) missed.push(`${verdict.error}: ${Buffer.from(bytes).toString('base64')}`);
      });
      checks.add(check);
      void check.finally(() => checks.delete(check));
    }
    await Promise.all(checks);
    t.diagnostic(
      `${counts.mutants} mutants, ${counts.refused} refused by the reader, ${counts.validated} of those ` +
        'checked by wasm-tools validate',
    );
    assert.deepEqual(missed, []);
    assert.ok(counts.validated > 0);
  });

  it('reads the cancellable flag of thread.yield and waitable-set.wait, which wasm-tools 1.257 accepts', async () => {
    // jco's text format (wasmparser 0.259) no longer writes `cancellable`, and wasm-tools 1.257 reads it as a
    // boolean and ignores it: these bytes come from WAT's `binary` strings.
    const memory = [
      // A core module whose memory section has one memory and whose export section exports it as "m" ...
      [0x01, 0x14, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01].concat([
        0x07, 0x05, 0x01, 0x01, 0x6d, 0x02, 0x00,
      ]),
      // ... an instance of it, and an alias of its memory.
      [0x02, 0x04, 0x01, 0x00, 0x00, 0x00],
      [0x06, 0x07, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01, 0x6d],
    ];
    for (const [what, sections] of [
      ['thread.yield cancellable', [[0x08, 0x03, 0x01, 0x0c, 0x01]]],
      ['waitable-set.wait cancellable', [...memory, [0x08, 0x04, 0x01, 0x20, 0x01, 0x00]]],
      ['waitable-set.poll cancellable', [...memory, [0x08, 0x04, 0x01, 0x21, 0x01, 0x00]]],
    ] as const) {
      const bytes = await jco(what, (tools) => tools.parse(binaryWat(...sections.map((s) => [...s]))));
      assert.ok((await validate(bytes)).valid, `${what}: ${(await validate(bytes)).message}`);
      assert.deepEqual(read(bytes), { unknown: [] }, what);
    }
  });

  it('reads components and types nested as deeply as wasm-tools validates them, without a stack overflow', async () => {
    // wasm-tools has no nesting limit of its own: it validates 50,000 nested components (in seconds), and instance
    // types until its stack runs out (2,000 levels pass in every build here; 2,500 overflow in some).
    for (const [what, bytes] of [
      ['5,000 nested components', nestedComponents(5000)],
      ['2,000 nested instance types', nestedInstanceTypes(2000)],
    ] as const) {
      assert.ok((await validate(bytes)).valid, what);
      const started = performance.now();
      assert.deepEqual(read(bytes), { unknown: [] }, what);
      assert.ok(performance.now() - started < 1000, `${what} took ${performance.now() - started} ms`);
    }
    // Past what wasm-tools can validate in the two minutes the action waits (100,000 nested components take it 85 s)
    // or before its stack gives out, the reader refuses with a DecodeError, never a RangeError from the call stack.
    assert.deepEqual(read(nestedComponents(100_000)), { unknown: [] });
    assert.match(String(Object.values(read(nestedComponents(150_001)))), /components nest deeper than 150000/);
    assert.match(String(Object.values(read(nestedInstanceTypes(10_001)))), /types nest deeper than 10000/);
  });
});
