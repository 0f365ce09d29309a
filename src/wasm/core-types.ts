/**
 * Core WebAssembly types, as they appear inside component and instance types (module types for imported core
 * modules, and with GC any core type). Nothing in them matters for judging a component, but each must be decoded
 * to be stepped over: declarations carry no sizes.
 */
import { type ByteReader, DecodeError, expectByte, hex } from './byte-reader.ts';

/** `core:type`: `0x50 moduletype`, `0x00 0x50 subtype` (a non-final sub type), or a rec group. */
export function skipCoreType(reader: ByteReader): void {
  const at = reader.position;
  const first = reader.peek('a core type');
  if (first === 0x50) {
    reader.u8();
    reader.vec(() => skipModuleTypeDeclaration(reader), 'module type declarations');
    return;
  }
  if (first === 0x00) {
    reader.u8();
    if (reader.peek('a core sub type') !== 0x50) throw new DecodeError('expected a non-final core sub type', at);
  }
  skipRecGroup(reader);
}

function skipModuleTypeDeclaration(reader: ByteReader): null {
  const at = reader.position;
  const tag = reader.u8('a module type declaration');
  switch (tag) {
    case 0x00:
      reader.name('a core import module');
      reader.name('a core import name');
      skipCoreTypeRef(reader);
      break;
    case 0x01:
      skipRecGroup(reader);
      break;
    case 0x02:
      // An outer alias of a core type: `0x10 0x01 count index`.
      expectByte(reader, 0x10, 'a core outer alias sort');
      expectByte(reader, 0x01, 'a core outer alias target');
      reader.u32('an outer count');
      reader.u32('an outer index');
      break;
    case 0x03:
      reader.name('a core export name');
      skipCoreTypeRef(reader);
      break;
    default:
      throw new DecodeError(`unknown module type declaration 0x${hex(tag)}`, at);
  }
  return null;
}

function skipRecGroup(reader: ByteReader): void {
  if (reader.peek('a core type') === 0x4e) {
    reader.u8();
    reader.vec(() => skipSubType(reader), 'rec group types');
  } else {
    skipSubType(reader);
  }
}

/** `0x50 supertypes composite` (sub), `0x4f supertypes composite` (sub final), or a bare composite type. */
function skipSubType(reader: ByteReader): null {
  const opcode = reader.u8('a core type');
  if (opcode === 0x50 || opcode === 0x4f) {
    reader.vec(() => reader.u32('a supertype'), 'supertypes');
    skipCompositeType(reader, reader.u8('a core type'));
  } else {
    skipCompositeType(reader, opcode);
  }
  return null;
}

/** An optional `0x65` (shared), `0x4c index` (describes), `0x4d index` (descriptor); then func, array, struct, cont. */
function skipCompositeType(reader: ByteReader, first: number): void {
  const at = reader.position - 1;
  let opcode = first;
  if (opcode === 0x65) opcode = reader.u8('a shared core type');
  if (opcode === 0x4c) {
    reader.u32('a described type');
    opcode = reader.u8('a core type');
  }
  if (opcode === 0x4d) {
    reader.u32('a descriptor type');
    opcode = reader.u8('a core type');
  }
  switch (opcode) {
    case 0x60:
      reader.vec(() => skipCoreValType(reader), 'core function parameters');
      reader.vec(() => skipCoreValType(reader), 'core function results');
      return;
    case 0x5e:
      skipFieldType(reader);
      return;
    case 0x5f:
      reader.vec(() => skipFieldType(reader), 'struct fields');
      return;
    case 0x5d:
      if (reader.s33('a continuation type') < 0) throw new DecodeError('invalid continuation type', at);
      return;
    default:
      throw new DecodeError(`unknown core type 0x${hex(opcode)}`, at);
  }
}

function skipFieldType(reader: ByteReader): null {
  const storage = reader.peek('a field type');
  // i8 and i16 are packed storage types, only valid in fields.
  if (storage === 0x78 || storage === 0x77) reader.u8();
  else skipCoreValType(reader);
  reader.bool('a field mutability');
  return null;
}

/** Abstract heap types: func, extern, any, none, noextern, nofunc, eq, struct, array, i31, exn, noexn, cont, nocont. */
const ABSTRACT_HEAP_TYPES = new Set([
  0x70, 0x6f, 0x6e, 0x71, 0x72, 0x73, 0x6d, 0x6b, 0x6a, 0x6c, 0x69, 0x74, 0x68, 0x75,
]);

/** i32, i64, f32, f64, v128, or a reference type. */
export function skipCoreValType(reader: ByteReader): null {
  const byte = reader.peek('a core value type');
  if (byte >= 0x7b && byte <= 0x7f) reader.u8();
  else skipRefType(reader);
  return null;
}

/** `0x63 heaptype` (nullable), `0x64 heaptype`, or the short form: an optionally shared abstract heap type. */
function skipRefType(reader: ByteReader): void {
  const byte = reader.peek('a reference type');
  if (byte === 0x63 || byte === 0x64) {
    reader.u8();
    skipHeapType(reader);
    return;
  }
  if (byte === 0x65) reader.u8();
  skipAbstractHeapType(reader);
}

/** A non-negative s33 type index, `0x62 index` (exact), `0x65 abstract` (shared), or an abstract heap type. */
function skipHeapType(reader: ByteReader): void {
  const start = reader.position;
  if (reader.s33('a heap type') >= 0) return;
  reader.position = start;
  const byte = reader.peek('a heap type');
  if (byte === 0x65) {
    reader.u8();
    skipAbstractHeapType(reader);
  } else if (byte === 0x62) {
    reader.u8();
    reader.u32('an exact type index');
  } else {
    skipAbstractHeapType(reader);
  }
}

function skipAbstractHeapType(reader: ByteReader): void {
  const at = reader.position;
  const byte = reader.u8('a heap type');
  if (!ABSTRACT_HEAP_TYPES.has(byte)) throw new DecodeError(`invalid heap type 0x${hex(byte)}`, at);
}

/** A core import or export's type: func, table, memory, global, tag, or exact func (`0x20`). */
function skipCoreTypeRef(reader: ByteReader): void {
  const at = reader.position;
  const kind = reader.u8('a core extern kind');
  switch (kind) {
    case 0x00:
    case 0x20:
      reader.u32('a core type index');
      return;
    case 0x01:
      skipRefType(reader);
      skipLimits(reader, 0b111, false);
      return;
    case 0x02:
      skipLimits(reader, 0b1111, true);
      return;
    case 0x03:
      skipCoreValType(reader);
      if (reader.u8('global flags') > 0b11) throw new DecodeError('malformed global flags', reader.position - 1);
      return;
    case 0x04:
      if (reader.u8('tag attributes') !== 0) throw new DecodeError('invalid tag attributes', reader.position - 1);
      reader.u32('a tag type index');
      return;
    default:
      throw new DecodeError(`unknown core extern kind 0x${hex(kind)}`, at);
  }
}

/** Table and memory limits: flags (bit 0: a maximum; for memories bit 3: a page size), then 64-bit sizes. */
function skipLimits(reader: ByteReader, allowed: number, memory: boolean): void {
  const at = reader.position;
  const flags = reader.u8('limits flags');
  if (flags & ~allowed) throw new DecodeError(`invalid limits flags 0x${hex(flags)}`, at);
  reader.skipU64('a minimum size');
  if (flags & 0b0001) reader.skipU64('a maximum size');
  if (memory && flags & 0b1000 && reader.u32('a page size') >= 64)
    throw new DecodeError('invalid custom page size', at);
}
