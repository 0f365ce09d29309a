/**
 * How deeply value types nest, kept beside each type the reader builds: wasmparser refuses value types nested more
 * than 100 levels (MAX_WASM_COMPONENT_TYPE_DEPTH), and so does the reader. Their size is not limited: types are
 * shared by index, so a few bytes can describe a type whose text is exponential, and what prints them
 * (component-types.ts) stops at a bound instead.
 */
import { DecodeError } from './byte-reader.ts';
import type { TypeDef } from './component-types.ts';

const MAX_TYPE_DEPTH = 100;

const depths = new WeakMap<object, number>();

function depthOf(type: TypeDef): number {
  return depths.get(type) ?? 1;
}

/** Records a type's depth (one more than its deepest part), refusing one past wasmparser's limit. */
export function withDepth<T extends TypeDef>(type: T, parts: (TypeDef | undefined)[], at: number): T {
  let depth = 0;
  for (const part of parts) if (part) depth = Math.max(depth, depthOf(part));
  if (depth + 1 > MAX_TYPE_DEPTH) throw new DecodeError(`type nesting is deeper than ${MAX_TYPE_DEPTH} levels`, at);
  depths.set(type, depth + 1);
  return type;
}
