/**
 * Runs a view in this process the way Primatomic hosts it: transpiled to JS by jco (bindings only, no WASI
 * shims), instantiated with no imports. Imports a view does have (WASI, say) are given functions that
 * throw "the view called ...", so a view that uses them fails where it uses them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { CARRIED_STAND_IN_URL } from '../contract/contract.ts';
import { DecodeError } from '../wasm/byte-reader.ts';
import { type StubbedComponent, stubCoreCode } from '../wasm/code-stubs.ts';
import { trappingInterface } from './import-trap.ts';

export interface Machine {
  init(): void;
  append(event: Uint8Array): void;
  query(input: Uint8Array): Uint8Array;
  snapshot(): Uint8Array;
  restore(snapshot: Uint8Array): void;
}

export interface ViewInstance {
  machine: Machine;
  /** Bytes of linear memory the view's core instances export, now. */
  memoryBytes(): number;
}

export interface ViewRuntime {
  /** The interfaces the view imports (each one traps when called). */
  imports: string[];
  instantiate(): Promise<ViewInstance>;
}

type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: Record<string, unknown>,
  instantiateCore: (
    module: WebAssembly.Module,
    imports?: Record<string, Record<string, unknown>>,
  ) => Promise<WebAssembly.Instance>,
) => Promise<Record<string, unknown>>;

/**
 * Loads jco's transpiler (a component of its own, 3.5 MB, about a quarter of a second to instantiate) before any
 * view is there to transpile: by transpiling the carried world's stand-in, when the bundle has it.
 */
export async function warmTranspiler(): Promise<void> {
  if (!existsSync(fileURLToPath(CARRIED_STAND_IN_URL))) return;
  try {
    await transpileBytes(readFileSync(CARRIED_STAND_IN_URL), TRANSPILE_OPTIONS);
  } catch {
    // Only a head start: the view's own transpile says what is wrong.
  }
}

const TRANSPILE_OPTIONS = {
  name: 'view',
  instantiation: 'async',
  wasiShim: false,
  emitTypescriptDeclarations: false,
} as const;

export async function loadView(componentBytes: Uint8Array, exportName = 'machine'): Promise<ViewRuntime> {
  // The bindings from the component without its core code (code-stubs.ts); the real modules are compiled below.
  const stubbed = stubbedOrNot(componentBytes);
  const { files, imports } = await transpileBytes(stubbed?.component ?? componentBytes, TRANSPILE_OPTIONS);
  const code = files['view.js'];
  if (!code) throw new Error(`jco's transpile produced no view.js (files: ${Object.keys(files).join(', ')})`);
  // The bindings import nothing, so they load from a data: URL; nothing is written to disk.
  const bindings = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
    instantiate: Instantiate;
  };

  const compiled = new Map<string, Promise<WebAssembly.Module>>();
  const getCoreModule = (name: string) => {
    let module = compiled.get(name);
    if (!module) {
      const bytes = files[name];
      if (!bytes) throw new Error(`jco's transpile produced no ${name}`);
      module = WebAssembly.compile(stubbed ? stubbed.original(bytes) : bytes);
      compiled.set(name, module);
    }
    return module;
  };
  const hostImports = Object.fromEntries(imports.map((name) => [name, trappingInterface(name)]));

  return {
    imports,
    async instantiate() {
      const memories: WebAssembly.Memory[] = [];
      const instantiateCore = async (
        module: WebAssembly.Module,
        coreImports?: Record<string, Record<string, unknown>>,
      ) => {
        const instance = await WebAssembly.instantiate(module, coreImports);
        for (const value of Object.values(instance.exports)) {
          if (value instanceof WebAssembly.Memory) memories.push(value);
        }
        return instance;
      };
      const exports = await bindings.instantiate(getCoreModule, hostImports, instantiateCore);
      const machine = exports[exportName] as Machine | undefined;
      if (!machine)
        throw new Error(`the view has no export "${exportName}" (it has ${Object.keys(exports).join(', ')})`);
      return { machine, memoryBytes: () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0) };
    },
  };
}

/** The component with its core code stubbed; a binary the stubbing cannot read is transpiled as it is. */
function stubbedOrNot(componentBytes: Uint8Array): StubbedComponent | undefined {
  try {
    return stubCoreCode(componentBytes);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}
