/**
 * Structure-aware mutations of component binaries, for the reader's fuzz test: they change the integers the
 * reader itself reads (section sizes, vector counts, name lengths, type indices), tag bytes and whole sections,
 * and fix up the sizes of the sections around each edit, so that a mutation reaches the reader's inner
 * decoding instead of stopping at the first section that no longer adds up. Everything is derived from a
 * seed, so a case is reproduced by its seed alone.
 */
import { ByteReader, DecodeError } from '../../src/wasm/byte-reader.ts';
import { type ComponentSummary, readComponent } from '../../src/wasm/component-reader.ts';
import { type ExternType, renderFunc, renderValType } from '../../src/wasm/component-types.ts';

/** Everything at the top level, written out the way the job summary does: bounded text, bounded time. */
export function renderAll(summary: ComponentSummary): number {
  let length = 0;
  const render = (item: ExternType) => {
    if (item.sort === 'func' && item.type.kind === 'func') length += renderFunc(item.type).length;
    if (item.sort === 'instance' && item.type.kind === 'instance') {
      for (const inner of item.type.exports.values()) if (inner.sort === 'func') render(inner);
    }
    if (item.sort === 'type' && !/^(func|instance|component|resource|unknown)$/.test(item.type.kind)) {
      length += renderValType(item.type as Parameters<typeof renderValType>[0]).length;
    }
  };
  for (const item of summary.imports.values()) render(item);
  for (const item of summary.exports.values()) render(item);
  return length;
}

/** Reading must either succeed or raise a DecodeError; anything else is a crash the user would see. */
export function readOrDecodeError(bytes: Uint8Array): 'read' | 'decode-error' {
  try {
    renderAll(readComponent(bytes));
    return 'read';
  } catch (error) {
    if (error instanceof DecodeError) return 'decode-error';
    throw error;
  }
}

// ---- Where the integers are: the reader's own reads, recorded ----

/** One integer the reader read: where its bytes are, what the reader called it, and its value. */
export interface Field {
  start: number;
  end: number;
  what: string;
  value: number;
  kind: 'u32' | 's33' | 'u8' | 'name';
}

/**
 * Runs the reader over `bytes` while recording every integer it reads. The fields read before a DecodeError
 * are still where the reader found them, so broken inputs map as far as they read.
 */
export function mapFields(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  const proto = ByteReader.prototype;
  const originals = { u32: proto.u32, s33: proto.s33, u8: proto.u8, name: proto.name };
  const record = (kind: Field['kind'], original: (this: ByteReader, what?: string) => unknown) =>
    function (this: ByteReader, what?: string) {
      const start = this.position;
      const value = original.call(this, what);
      if (this.bytes === bytes) {
        fields.push({
          start,
          end: this.position,
          what: what ?? '',
          value: typeof value === 'number' ? value : 0,
          kind,
        });
      }
      return value;
    };
  proto.u32 = record('u32', originals.u32) as typeof proto.u32;
  proto.s33 = record('s33', originals.s33) as typeof proto.s33;
  proto.u8 = record('u8', originals.u8) as typeof proto.u8;
  proto.name = record('name', originals.name) as typeof proto.name;
  try {
    readComponent(bytes);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  } finally {
    Object.assign(proto, originals);
  }
  return fields;
}

/** A section: its id byte, its size's LEB128 bytes, and its payload. */
interface Section {
  idAt: number;
  sizeStart: number;
  sizeEnd: number;
  size: number;
}

export function sectionsOf(fields: Field[]): Section[] {
  return fields
    .filter((f) => f.kind === 'u32' && f.what === 'a section size')
    .map((f) => ({ idAt: f.start - 1, sizeStart: f.start, sizeEnd: f.end, size: f.value }));
}

// ---- Editing bytes, keeping the sections around an edit consistent ----

export function leb(value: number, minimumBytes = 1): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0 || out.length + 1 < minimumBytes) byte |= 0x80;
    out.push(byte);
  } while (rest > 0 || out.length < minimumBytes);
  return out;
}

/**
 * Replaces `bytes[start, end)` with `replacement`, then grows or shrinks the size of every section whose
 * payload holds the edit, innermost first (re-encoding a size can change its length, which the sections
 * around it must absorb too).
 */
export function splice(
  bytes: Uint8Array,
  sections: Section[],
  start: number,
  end: number,
  replacement: number[],
): Uint8Array {
  let out = [...bytes.subarray(0, start), ...replacement, ...bytes.subarray(end)];
  let delta = replacement.length - (end - start);
  const around = sections
    .filter((s) => s.sizeEnd <= start && end <= s.sizeEnd + s.size)
    .sort((a, b) => b.sizeStart - a.sizeStart);
  for (const section of around) {
    const size = leb(Math.max(0, section.size + delta));
    out = [...out.slice(0, section.sizeStart), ...size, ...out.slice(section.sizeEnd)];
    delta += size.length - (section.sizeEnd - section.sizeStart);
  }
  return new Uint8Array(out);
}

// ---- A seeded PRNG and the mutations ----

/** mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const below = (random: Random, n: number) => Math.floor(random() * n);

/** A replacement for an integer: boundaries, huge values, neighbours, and over-long encodings. */
function integerBytes(random: Random, value: number): number[] {
  const choice = pick(random, [
    0,
    1,
    Math.max(0, value - 1),
    value + 1,
    value * 2 + 1,
    127,
    128,
    0x3fff,
    0xffff,
    2 ** 31,
    2 ** 32 - 1,
    below(random, 2 ** 32),
    below(random, 64),
  ]);
  switch (below(random, 6)) {
    case 0:
      return leb(choice, 5); // over-long but valid: five bytes
    case 1:
      return [
        ...leb(choice, 5)
          .slice(0, 4)
          .map((b) => b | 0x80),
        0x80,
        0x00,
      ]; // six bytes: too long
    case 2:
      return [0xff, 0xff, 0xff, 0xff, 0x7f]; // past 32 bits
    case 3:
      return [0x80, 0x80]; // unterminated
    default:
      return leb(choice);
  }
}

export interface Mutation {
  name: string;
  apply: (bytes: Uint8Array, fields: Field[], random: Random) => Uint8Array | undefined;
}

const whatMatches = (pattern: RegExp) => (f: Field) => f.kind !== 'u8' && pattern.test(f.what);

/** Changes one integer of a kind, and (mostly) fixes up the sections around it. */
function integerMutation(name: string, select: (f: Field) => boolean): Mutation {
  return {
    name,
    apply(bytes, fields, random) {
      const candidates = fields.filter(select);
      if (candidates.length === 0) return undefined;
      const field = pick(random, candidates);
      // A name's length is its first bytes; `name` records the whole name, so take the length's LEB128 alone.
      const end = field.kind === 'name' ? lebEnd(bytes, field.start) : field.end;
      const replacement = integerBytes(random, field.kind === 'name' ? end - field.start : field.value);
      const sections = random() < 0.8 ? sectionsOf(fields) : [];
      return splice(bytes, sections, field.start, end, replacement);
    },
  };
}

function lebEnd(bytes: Uint8Array, start: number): number {
  let at = start;
  while (at < bytes.length && bytes[at]! & 0x80) at++;
  return Math.min(at + 1, bytes.length);
}

export const MUTATIONS: Mutation[] = [
  integerMutation('section size', (f) => f.kind === 'u32' && f.what === 'a section size'),
  integerMutation('vector count', whatMatches(/^the length of /)),
  integerMutation('name length', (f) => f.kind === 'name'),
  integerMutation('type index', whatMatches(/type|index|resource|destructor|callback|outer|heap/)),
  integerMutation('any integer', (f) => f.kind !== 'u8'),
  {
    name: 'section id',
    apply(bytes, fields, random) {
      const ids = fields.filter((f) => f.kind === 'u8' && f.what === 'a section id');
      if (ids.length === 0) return undefined;
      const out = bytes.slice();
      out[pick(random, ids).start] = random() < 0.5 ? below(random, 13) : below(random, 256);
      return out;
    },
  },
  {
    name: 'tag byte',
    apply(bytes, fields, random) {
      const tags = fields.filter((f) => f.kind === 'u8' && f.what !== 'a section id');
      if (tags.length === 0) return undefined;
      const out = bytes.slice();
      out[pick(random, tags).start] = pick(random, [
        0x00,
        0x01,
        0x02,
        0x03,
        0x3f,
        0x40,
        0x63,
        0x7f,
        below(random, 256),
      ]);
      return out;
    },
  },
  {
    name: 'truncation inside a section',
    apply(bytes, fields, random) {
      const sections = sectionsOf(fields).filter((s) => s.size > 0);
      if (sections.length === 0) return undefined;
      const section = pick(random, sections);
      const cut = section.sizeEnd + below(random, section.size);
      return splice(bytes, sectionsOf(fields), cut, section.sizeEnd + section.size, []);
    },
  },
  {
    name: 'duplicate section',
    apply(bytes, fields, random) {
      const sections = sectionsOf(fields);
      if (sections.length === 0) return undefined;
      const section = pick(random, sections);
      const end = section.sizeEnd + section.size;
      const copy = [...bytes.subarray(section.idAt, end)];
      return splice(bytes, sections, end, end, copy);
    },
  },
  {
    name: 'dropped section',
    apply(bytes, fields, random) {
      const sections = sectionsOf(fields);
      if (sections.length === 0) return undefined;
      const section = pick(random, sections);
      return splice(bytes, sections, section.idAt, section.sizeEnd + section.size, []);
    },
  },
  {
    name: 'random bytes',
    apply(bytes, _fields, random) {
      const out = bytes.slice();
      for (let n = 1 + below(random, 4); n > 0; n--) out[8 + below(random, out.length - 8)] = below(random, 256);
      return out;
    },
  },
];

/**
 * One case: one to three mutations of a seed, each placed by mapping the bytes as they are by then. Mapping
 * reads the mutated bytes too, so the slowest of those reads is timed as well.
 */
export function mutate(
  seed: Uint8Array,
  caseSeed: number,
): { bytes: Uint8Array; steps: string[]; slowestMapMs: number } {
  const random = prng(caseSeed);
  let bytes = seed;
  const steps: string[] = [];
  let slowestMapMs = 0;
  for (let n = 1 + below(random, 3); n > 0; n--) {
    const mutation = pick(random, MUTATIONS);
    const started = performance.now();
    const fields = mapFields(bytes);
    slowestMapMs = Math.max(slowestMapMs, performance.now() - started);
    const next = mutation.apply(bytes, fields, random);
    if (!next) continue;
    bytes = next;
    steps.push(mutation.name);
  }
  return { bytes, steps, slowestMapMs };
}
