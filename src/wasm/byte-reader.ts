/** Raised when the bytes end early or hold something the format does not allow. */
export class DecodeError extends Error {
  readonly offset: number;
  readonly truncated: boolean;
  constructor(message: string, offset: number, truncated = false) {
    super(message);
    this.name = 'DecodeError';
    this.offset = offset;
    this.truncated = truncated;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A cursor over WebAssembly binary data: LEB128 integers, names and bounded sub-readers. */
export class ByteReader {
  readonly bytes: Uint8Array;
  position: number;
  readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  get done(): boolean {
    return this.position >= this.end;
  }

  private need(count: number, what: string): void {
    if (this.position + count > this.end) {
      throw new DecodeError(`unexpected end of data while reading ${what}`, this.position, this.atFileEnd);
    }
  }

  /** Whether running out of bytes here means the file ends early (not a section shorter than its contents). */
  private get atFileEnd(): boolean {
    return this.end === this.bytes.length;
  }

  u8(what = 'a byte'): number {
    this.need(1, what);
    return this.bytes[this.position++]!;
  }

  peek(what = 'a byte'): number {
    this.need(1, what);
    return this.bytes[this.position]!;
  }

  u32(what = 'an integer'): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8(what);
      if (shift === 28 && byte > 0x0f) throw new DecodeError(`integer too large in ${what}`, this.position - 1);
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /**
   * A signed 33-bit LEB128, as used for value types: negative values are type opcodes. At most five bytes, and
   * the unused bits of the fifth must repeat the sign, as wasmparser requires.
   */
  s33(what = 'a value type'): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.u8(what);
      // The fifth byte holds the last five bits; its two unused bits must equal the sign bit.
      if (shift === 28 && (byte & 0x80 || ((byte & 0x70) !== 0 && (byte & 0x70) !== 0x70)))
        throw new DecodeError(`integer too large in ${what}`, this.position - 1);
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (byte & 0x40) result -= 2 ** shift;
    return result;
  }

  /** An unsigned 64-bit LEB128 that only needs skipping (core limits); at most ten bytes. */
  skipU64(what = 'an integer'): void {
    for (let count = 1; ; count++) {
      const byte = this.u8(what);
      if (count === 10 && byte > 0x01) throw new DecodeError(`integer too large in ${what}`, this.position - 1);
      if ((byte & 0x80) === 0) return;
    }
  }

  /** `0x00` or `0x01`. */
  bool(what = 'a flag'): boolean {
    const byte = this.u8(what);
    if (byte > 1) throw new DecodeError(`invalid boolean 0x${hex(byte)} in ${what}`, this.position - 1);
    return byte === 1;
  }

  skip(count: number, what: string): void {
    this.need(count, what);
    this.position += count;
  }

  take(count: number, what: string): Uint8Array {
    this.need(count, what);
    const slice = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  }

  name(what = 'a name'): string {
    const length = this.u32(what);
    const start = this.position;
    const raw = this.take(length, what);
    try {
      return utf8.decode(raw);
    } catch {
      throw new DecodeError(`${what} is not valid UTF-8`, start);
    }
  }

  /** A vector's length, checked against the bytes left: every entry takes at least one byte. */
  count(what: string): number {
    const count = this.u32(`the length of ${what}`);
    if (count > this.end - this.position) {
      throw new DecodeError(`${what} claims ${count} entries, more than the bytes left`, this.position, this.atFileEnd);
    }
    return count;
  }

  vec<T>(read: () => T, what: string): T[] {
    const count = this.count(what);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read());
    return items;
  }

  /** `0x00` for absent, `0x01 x` for present. */
  optional<T>(read: () => T, what: string): T | undefined {
    const flag = this.u8(what);
    if (flag === 0) return undefined;
    if (flag === 1) return read();
    throw new DecodeError(`invalid presence flag 0x${hex(flag)} in ${what}`, this.position - 1);
  }

  /** A reader over the next `size` bytes; this reader moves past them. */
  sub(size: number, what: string): ByteReader {
    this.need(size, what);
    const inner = new ByteReader(this.bytes, this.position, this.position + size);
    this.position += size;
    return inner;
  }
}

export function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Reads one byte that must be `expected` (a reserved zero, a fixed tag). */
export function expectByte(reader: ByteReader, expected: number, what: string): void {
  const byte = reader.u8(what);
  if (byte !== expected) {
    throw new DecodeError(`expected 0x${hex(expected)} in ${what}, found 0x${hex(byte)}`, reader.position - 1);
  }
}
