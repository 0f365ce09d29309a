/**
 * jco's wasm-tools, loaded on first use: importing it compiles ~2.4 MB of wasm, which runs that don't
 * reach validation (bad inputs) should not pay for.
 */
type WasmTools = typeof import('@bytecodealliance/jco-transpile/wasm-tools');

let loading: Promise<WasmTools> | undefined;

export function wasmTools(): Promise<WasmTools> {
  loading ??= import('@bytecodealliance/jco-transpile/wasm-tools');
  return loading;
}

/** jco throws strings or errors whose text may carry a Rust backtrace; keep the first paragraph. */
export function jcoMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split(/\n\s*\n|\nStack backtrace:/)[0]!.trim();
}
