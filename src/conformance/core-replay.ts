/**
 * Why did the view trap? Inside the component, the adapter drops stdout and stderr, so a Go panic is a bare
 * `unreachable`. Here the core module the component wraps runs on the adapter's JavaScript twin, which keeps them,
 * and the calls that led to the trap are replayed through the canonical ABI by hand until one traps again.
 */
import { type CapturedOutput, preview1Twin } from '../wasm/preview1-twin.ts';

const MACHINE = 'primatomic:machine/machine@0.0.1';
const PREVIEW1 = 'wasi_snapshot_preview1';

export type ReplayedCall = ['init'] | ['snapshot'] | ['append' | 'query' | 'restore', Uint8Array];

export interface Replay {
  /** Whether a call trapped, and which (its index in the calls, -1 for instantiation). */
  trapped: boolean;
  failedCall: number;
  /** What the view wrote to stderr, then stdout (TinyGo prints panics there). */
  output: string;
}

type CoreExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

export async function replayOnCore(core: Uint8Array, calls: ReplayedCall[]): Promise<Replay> {
  const output: CapturedOutput = { stdout: [], stderr: [] };
  let exports: CoreExports | undefined;
  const wasi = preview1Twin(() => exports!.memory, output);
  const imports: Record<string, Record<string, unknown>> = {};
  for (const { module, name, kind } of WebAssembly.Module.imports(new WebAssembly.Module(core))) {
    if (kind !== 'function') continue;
    imports[module] ??= {};
    imports[module][name] =
      module === PREVIEW1
        ? wasi[name]
        : () => {
            throw new Error(`the view called ${module}.${name}, which Primatomic does not provide`);
          };
  }
  let failedCall = -1;
  let trapped = false;
  try {
    exports = (await WebAssembly.instantiate(core, imports)).instance.exports as CoreExports;
    exports._initialize?.(); // a c-shared reactor: runtime and package initialisation
    const machine = machineCalls(exports);
    for (const [index, [call, argument]] of calls.entries()) {
      failedCall = index;
      machine[call](argument!);
    }
    failedCall = -1;
  } catch {
    trapped = true;
  }
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  return { trapped, failedCall, output: `${text(output.stderr)}${text(output.stdout)}` };
}

/** The machine's calls through the canonical ABI: lists go in through cabi_realloc and out through a return area. */
function machineCalls(exports: CoreExports): Record<ReplayedCall[0], (argument: Uint8Array) => void> {
  const lower = (bytes: Uint8Array): [number, number] => {
    if (bytes.length === 0) return [0, 0];
    const ptr = exports.cabi_realloc!(0, 0, 1, bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  };
  const fn = (name: string) => {
    const found = exports[`${MACHINE}#${name}`];
    if (!found) throw new Error(`the core module has no export ${MACHINE}#${name}`);
    return found;
  };
  const returned = (name: string, area: number) => exports[`cabi_post_${MACHINE}#${name}`]?.(area);
  return {
    init: () => fn('init')(),
    append: (event) => fn('append')(...lower(event)),
    query: (input) => returned('query', fn('query')(...lower(input))),
    snapshot: () => returned('snapshot', fn('snapshot')()),
    restore: (snapshot) => fn('restore')(...lower(snapshot)),
  };
}
