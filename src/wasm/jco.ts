/**
 * jco's wasm-tools (wasm-tools compiled to a component and transpiled to JS), loaded on first use: importing it
 * compiles ~2.4 MB of wasm, which runs that don't reach validation (bad inputs) should not pay for.
 *
 * A Rust panic inside it traps, and a trapped component instance refuses every later call ("cannot enter component
 * instance"). So every call goes through `jco()`: it keeps the panic's text (written to stderr) out of the log,
 * turns a trap into a ToolFailure, and retires the instance so that the next call gets a fresh one.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ToolFailure } from '../kernel/errors.ts';

type AsyncTools = typeof import('@bytecodealliance/jco-transpile/wasm-tools');
/** The vendor module's `tools`: the same functions as jco's wrappers, synchronous once initialised. */
export type JcoTools = {
  [name in keyof AsyncTools]: AsyncTools[name] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => R
    : never;
};

/** In the bundle, the vendor module is its own file beside index.js (scripts/bundle.mjs), loaded once per instance. */
const BUNDLED = new URL('./jco-wasm-tools.js', import.meta.url);

function vendorModuleUrl(): string {
  if (existsSync(fileURLToPath(BUNDLED))) return BUNDLED.href;
  return import.meta
    .resolve('@bytecodealliance/jco-transpile/wasm-tools')
    .replace(/dist\/wasm-tools\.js$/, 'vendor/wasm-tools.js');
}

let instances = 0;
let current: Promise<JcoTools> | undefined;
/** The instance calls go to, once loaded; unset when a trap retires it. */
let ready: JcoTools | undefined;

function tools(): Promise<JcoTools> {
  current ??= (async () => {
    // A module is evaluated once per URL: a new query string gives a new, untouched instance.
    const module = await import(`${vendorModuleUrl()}?instance=${++instances}`);
    await module.$init;
    ready = module.tools as JcoTools;
    return ready;
  })();
  return current;
}

/** How many instances were started (one, unless a call trapped). */
export function jcoInstances(): number {
  return instances;
}

const TRAP = /wasm trap|cannot enter component instance/;

/**
 * Runs one call of jco's wasm-tools. Its ordinary errors (a file it can't parse) are thrown as jco threw them; a
 * trap becomes a ToolFailure naming `what`, with the panic's message, and the instance is replaced.
 */
export async function jco<T>(what: string, call: (tools: JcoTools) => T): Promise<T> {
  let loaded = await tools();
  // Another call may have retired this instance while this one waited for it (checked and called without a pause).
  while (loaded !== ready) loaded = await tools();
  const written: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  try {
    return call(loaded);
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (!(error instanceof WebAssembly.RuntimeError) && !TRAP.test(text)) throw error;
    current = undefined;
    ready = undefined;
    const output = written.join('');
    throw new ToolFailure(
      'jco wasm-tools',
      `jco's wasm-tools failed in ${what}: ${panicMessage(output) ?? text}`,
      output,
    );
  } finally {
    process.stderr.write = write;
  }
}

/** The panic's own line: `thread '…' panicked at file:line:col:` is followed by the message. */
function panicMessage(stderr: string): string | undefined {
  const lines = stderr.split('\n');
  const at = lines.findIndex((line) => / panicked at /.test(line));
  return at >= 0 ? lines[at + 1]?.trim() || undefined : undefined;
}

/**
 * jco throws strings or errors whose text may carry a Rust backtrace: the first paragraph, its lines (an error and
 * its causes) on one line.
 */
export function jcoMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split(/\n\s*\n|\nStack backtrace:/)[0]!
    .trim()
    .split(/\n\s*/)
    .join(': ');
}
