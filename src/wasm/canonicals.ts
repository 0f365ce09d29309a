/**
 * Canonical definitions other than `lift` and `lower`: the built-ins, which make core functions, so the reader only
 * steps over them, and the canonical options.
 */
import { type ByteReader, DecodeError, hex } from './byte-reader.ts';
import { skipCoreValType } from './core-types.ts';
import { skipValType } from './primitives.ts';

/** What follows a canonical built-in's opcode (everything but `lift` and `lower`). */
type Immediate = 'index' | 'options' | 'bool' | 'core-type' | 'result';

/**
 * Every canonical built-in wasmparser 0.259 reads (canonicals.rs), by opcode. They make core functions, so
 * the reader only steps over them; an opcode not listed is one wasmparser rejects too. Where 0.259 wants a zero
 * byte, 0.257 reads a `cancellable` flag (and validates `thread.yield` and `waitable-set.wait` with it set by
 * default), so those are read as flags.
 */
const CANON_BUILTINS: Record<number, readonly Immediate[]> = {
  2: ['index'], // resource.new
  3: ['index'], // resource.drop
  4: ['index'], // resource.rep
  5: [], // task.cancel
  6: ['bool'], // subtask.cancel async?
  9: ['result', 'options'], // task.return
  10: ['core-type', 'index'], // context.get
  11: ['core-type', 'index'], // context.set
  12: ['bool'], // thread.yield cancellable?
  13: [], // subtask.drop
  14: ['index'], // stream.new
  15: ['index', 'options'], // stream.read
  16: ['index', 'options'], // stream.write
  17: ['index', 'bool'], // stream.cancel-read
  18: ['index', 'bool'], // stream.cancel-write
  19: ['index'], // stream.drop-readable
  20: ['index'], // stream.drop-writable
  21: ['index'], // future.new
  22: ['index', 'options'], // future.read
  23: ['index', 'options'], // future.write
  24: ['index', 'bool'], // future.cancel-read
  25: ['index', 'bool'], // future.cancel-write
  26: ['index'], // future.drop-readable
  27: ['index'], // future.drop-writable
  28: ['options'], // error-context.new
  29: ['options'], // error-context.debug-message
  30: [], // error-context.drop
  31: [], // waitable-set.new
  32: ['bool', 'index'], // waitable-set.wait cancellable? memory
  33: ['bool', 'index'], // waitable-set.poll cancellable? memory
  34: [], // waitable-set.drop
  35: [], // waitable.join
  36: [], // backpressure.inc
  37: [], // backpressure.dec
  38: [], // thread.index
  39: ['index', 'index'], // thread.new-indirect
  40: [], // thread.resume-later
  41: ['bool'], // thread.suspend cancellable?
  42: ['bool'], // thread.suspend-then-resume cancellable?
  43: ['bool'], // thread.yield-then-resume cancellable?
  44: ['bool'], // thread.suspend-then-promote cancellable?
  45: ['bool'], // thread.yield-then-promote cancellable?
  64: ['index'], // thread.spawn-ref
  65: ['index', 'index'], // thread.spawn-indirect
  66: [], // thread.available-parallelism
};

function skipImmediate(reader: ByteReader, immediate: Immediate): void {
  switch (immediate) {
    case 'index':
      reader.u32('a canonical index');
      return;
    case 'options':
      readCanonOptions(reader);
      return;
    case 'bool':
      reader.bool('a canonical flag');
      return;
    case 'core-type':
      skipCoreValType(reader);
      return;
    case 'result': {
      // `0x00 valtype` for a result, `0x01 0x00` for none.
      const at = reader.position;
      const tag = reader.u8('a task result');
      if (tag === 0x00) skipValType(reader);
      else if (tag !== 0x01 || reader.u8('a task result') !== 0x00)
        throw new DecodeError('invalid task.return result', at);
      return;
    }
  }
}

/** Options: string encodings, async and gc (no immediate); memory, realloc, post-return, callback, core type. */
export function readCanonOptions(reader: ByteReader): void {
  reader.vec(() => {
    const at = reader.position;
    const option = reader.u8('a canonical option');
    if ((option >= 0x03 && option <= 0x05) || option === 0x07 || option === 0x08)
      reader.u32('a canonical option index');
    else if (option > 0x09) throw new DecodeError(`unknown canonical option 0x${hex(option)}`, at);
    return null;
  }, 'canonical options');
}

/** Steps over a built-in's immediates; an opcode wasmparser does not know is a DecodeError. */
export function skipCanonBuiltin(reader: ByteReader, op: number, at: number): void {
  const immediates = CANON_BUILTINS[op];
  if (!immediates) throw new DecodeError(`unknown canonical built-in 0x${hex(op)}`, at);
  for (const immediate of immediates) skipImmediate(reader, immediate);
}
