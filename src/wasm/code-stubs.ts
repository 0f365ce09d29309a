/**
 * A component with the code of its core modules taken out, for jco's transpile: the bindings it writes depend on
 * the component's structure (its types, instances, canonical functions, and each core module's imports and
 * exports), never on the bodies of the core functions, yet it validates every body, in WebAssembly inside V8,
 * which takes most of its time (0.66 s of a 12.5 MB JavaScript view, 0.04 s without the bodies). Each top-level
 * core module keeps every section but its code, whose bodies become `unreachable`, and gets a custom section
 * naming its index, so that no two stubs are alike; the stubs that transpile hands back are then swapped for the
 * original modules, which V8 validates and compiles as it would have. The component was validated before any of
 * this (by wasm-tools, natively), and V8 checks each real module again when it compiles it.
 */
import { ByteReader } from './byte-reader.ts';

const CORE_MODULE_SECTION = 1;
const CODE_SECTION = 10;
const HEADER_BYTES = 8;
/** A function body of no locals and `unreachable`: valid whatever the function's type. */
const UNREACHABLE_BODY = [0x03, 0x00, 0x00, 0x0b];
/** The custom section that tells the stubs apart. */
const STUB_SECTION_NAME = 'primatomic-view:stub';

export interface StubbedComponent {
  /** The component with stubbed core modules, for transpiling. */
  component: Uint8Array;
  /** The original module of a stub that transpile hands back, or the bytes given when they are not a stub. */
  original(module: Uint8Array): Uint8Array;
}

/** The component with its top-level core modules' code stubbed; undefined when it has no code to take out. */
export function stubCoreCode(component: Uint8Array): StubbedComponent | undefined {
  const stubs: Array<{ stub: Uint8Array; original: Uint8Array }> = [];
  const parts: Uint8Array[] = [component.subarray(0, HEADER_BYTES)];
  for (const section of sectionsOf(component)) {
    if (section.id !== CORE_MODULE_SECTION) {
      parts.push(section.whole);
      continue;
    }
    const stub = stubModule(section.payload, stubs.length);
    stubs.push({ stub, original: section.payload });
    parts.push(sectionBytes(CORE_MODULE_SECTION, [stub]));
  }
  if (stubs.length === 0) return undefined;
  return {
    component: concat(parts),
    original: (module) => stubs.find(({ stub }) => sameBytes(stub, module))?.original ?? module,
  };
}

/** A core module with every function body `unreachable`, and a custom section holding its index. */
function stubModule(module: Uint8Array, index: number): Uint8Array {
  const parts: Uint8Array[] = [module.subarray(0, HEADER_BYTES)];
  for (const section of sectionsOf(module)) {
    if (section.id !== CODE_SECTION) {
      parts.push(section.whole);
      continue;
    }
    const count = new ByteReader(section.payload).count('the function bodies');
    const bodies = new Uint8Array(count * UNREACHABLE_BODY.length);
    for (let i = 0; i < count; i++) bodies.set(UNREACHABLE_BODY, i * UNREACHABLE_BODY.length);
    parts.push(sectionBytes(CODE_SECTION, [uleb(count), bodies]));
  }
  const name = new TextEncoder().encode(STUB_SECTION_NAME);
  parts.push(sectionBytes(0, [uleb(name.length), name, uleb(index)]));
  return concat(parts);
}

interface Section {
  id: number;
  payload: Uint8Array;
  /** The id, the size and the payload, as they are in the binary. */
  whole: Uint8Array;
}

/** The sections after a binary's header (a component's or a core module's). */
function* sectionsOf(binary: Uint8Array): Generator<Section> {
  const reader = new ByteReader(binary, HEADER_BYTES);
  while (!reader.done) {
    const start = reader.position;
    const id = reader.u8('a section id');
    const size = reader.u32('a section size');
    const payload = reader.take(size, 'a section');
    yield { id, payload, whole: binary.subarray(start, reader.position) };
  }
}

function sectionBytes(id: number, payload: Uint8Array[]): Uint8Array {
  const size = payload.reduce((sum, part) => sum + part.length, 0);
  return concat([Uint8Array.of(id), uleb(size), ...payload]);
}

function uleb(value: number): Uint8Array {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Uint8Array.from(bytes);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
