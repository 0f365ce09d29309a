/** The one-byte codes of the component model's primitive value types, as the binary format writes them. */
import { type ByteReader, DecodeError, hex } from './byte-reader.ts';
import type { PrimitiveName } from './component-types.ts';

export const PRIMITIVES: Record<number, PrimitiveName> = {
  127: 'bool',
  126: 's8',
  125: 'u8',
  124: 's16',
  123: 'u16',
  122: 's32',
  121: 'u32',
  120: 's64',
  119: 'u64',
  118: 'f32',
  117: 'f64',
  116: 'char',
  115: 'string',
  100: 'error-context',
};

/** Steps over a value type where only its encoding matters (`task.return`'s result). */
export function skipValType(reader: ByteReader): void {
  const at = reader.position;
  if (PRIMITIVES[reader.peek('a value type')]) reader.u8();
  else if (reader.s33() < 0) throw new DecodeError(`unknown value type 0x${hex(reader.bytes[at]!)}`, at);
}
