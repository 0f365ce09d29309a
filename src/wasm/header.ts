/** What the first eight bytes of a file say it is. */
export type BinaryKind =
  | { kind: 'component' }
  | { kind: 'core-module' }
  | { kind: 'other-component-version'; version: number }
  | { kind: 'wasm-text' }
  | { kind: 'not-wasm'; reason: string };

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
/** The pre-standard component encoding version that today's toolchains emit. */
export const COMPONENT_VERSION = 0x0d;

export function sniffBinary(bytes: Uint8Array): BinaryKind {
  if (bytes.length < 8) {
    if (MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b)) {
      return { kind: 'not-wasm', reason: `only ${bytes.length} bytes, shorter than a WebAssembly header (8 bytes)` };
    }
  }
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    if (/^(\(|;;)\s*(component|module)?/.test(start) && /\((component|module)\b/.test(start)) {
      return { kind: 'wasm-text' };
    }
    return { kind: 'not-wasm', reason: 'it does not start with the WebAssembly magic bytes 00 61 73 6d' };
  }
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 0 && version === 1) return { kind: 'core-module' };
  if (layer === 1 && version === COMPONENT_VERSION) return { kind: 'component' };
  if (layer === 1) return { kind: 'other-component-version', version };
  return { kind: 'not-wasm', reason: `unknown WebAssembly version ${version} and layer ${layer}` };
}
