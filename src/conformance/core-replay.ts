/**
 * Why did the view trap? Inside the component, the adapter drops stdout and stderr, so a Go panic is a bare
 * `unreachable`. Here the core module the component wraps runs on the adapter's JavaScript twin, which keeps them,
 * and the calls that led to the trap are replayed through the canonical ABI by hand until one traps again.
 */
import { PREVIEW1 } from '../wasm/make-component.ts';
import { type CapturedOutput, HeadAndTail, preview1Twin } from '../wasm/preview1-twin.ts';

const MACHINE = 'primatomic:machine/machine@0.0.1';

export type ReplayedCall = ['init'] | ['snapshot'] | ['append' | 'query' | 'restore', Uint8Array];

export interface Replay {
  /** Whether a call (or the instantiation) trapped. */
  trapped: boolean;
  /** What the view wrote to stderr, then stdout (TinyGo prints panics there). */
  output: string;
}

type CoreExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

export async function replayOnCore(core: Uint8Array, calls: ReplayedCall[]): Promise<Replay> {
  const output: CapturedOutput = { stdout: new HeadAndTail(), stderr: new HeadAndTail() };
  let exports: CoreExports | undefined;
  const wasi = preview1Twin(() => exports!.memory, output);
  const imports: Record<string, Record<string, unknown>> = {};
  const module = new WebAssembly.Module(core);
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') continue;
    imports[from] ??= {};
    imports[from][name] =
      from === PREVIEW1
        ? wasi[name]
        : () => {
            throw new Error(`the view called ${from}.${name}, which Primatomic does not provide`);
          };
  }
  let trapped = false;
  try {
    exports = (await WebAssembly.instantiate(module, imports)).exports as CoreExports;
    exports._initialize?.(); // a c-shared reactor: runtime and package initialisation
    const machine = machineCalls(exports);
    for (const [call, argument] of calls) machine[call](argument!);
  } catch {
    trapped = true;
  }
  return { trapped, output: `${output.stderr.text()}${output.stdout.text()}` };
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
