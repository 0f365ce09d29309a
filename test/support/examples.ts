/**
 * The examples, copied for a test's build, and what building them needs here: the sample files, the test tool cache
 * and Debian's Rust for wasm32 (as .ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, TEST_TOOL_CACHE } from './run-action.ts';
import { tempDir } from './tmp.ts';

/** A copy of examples/<name>, so that builds write nothing into the repository. */
export function example(name: string): string {
  const dir = path.join(tempDir('primatomic-example-'), name);
  cpSync(path.join(ROOT, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !/\/(target|build)$/.test(source),
  });
  return dir;
}

export const TESTS = { 'test-events': 'test/events.ndjson', 'test-queries': 'test/queries.jsonl' };
export const env = { RUNNER_TOOL_CACHE: TEST_TOOL_CACHE };

/**
 * Rust for wasm32-unknown-unknown here: Debian's rustc-web and rust-web-src (std built from source) and wasm-ld; and
 * Debian's wasi-libc for the wasm32-wasip1 build that explains a panic.
 */
export const debianRust =
  existsSync('/usr/bin/rustc') &&
  existsSync('/usr/lib/rustlib/src') &&
  existsSync('/usr/lib/wasm32-wasi/libc.a') &&
  existsOnPath('wasm-ld');

/** Debian's Rust as .ci/run installs it, set up the way a runner's Rust setup step would (std built from source). */
export const RUST_ENV = {
  ...env,
  PATH: `/usr/bin:${process.env.PATH}`,
  RUSTC: '/usr/bin/rustc',
  RUSTC_BOOTSTRAP: '1',
  CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort',
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: 'wasm-ld',
  // The build that explains a panic is for wasm32-wasip1: Debian's wasi-libc is its C library.
  CARGO_TARGET_WASM32_WASIP1_LINKER: 'wasm-ld',
  CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS: '-L/usr/lib/wasm32-wasi',
};

export function existsOnPath(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
