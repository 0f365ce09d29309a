/**
 * Core module → component: embed the world when the toolchain did not, then make the component, wiring a WASI
 * preview 1 core module to the action's import-free adapter (preview1-adapter.wat), so that the component imports
 * nothing. With a native wasm-tools (`component embed`, `component new --adapt`: tens of milliseconds) when there is
 * one, else in-process with jco's wasm-tools (`componentEmbed`, `componentNew`: about half a second).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError, ToolFailure } from '../kernel/errors.ts';
import { runProcess } from '../kernel/process.ts';
import { jco, jcoMessage } from './jco.ts';

/** In the bundle the adapter's WAT sits beside index.js, as it sits beside this file in the sources. */
const ADAPTER_WAT_URL = new URL('./preview1-adapter.wat', import.meta.url);
export const PREVIEW1 = 'wasi_snapshot_preview1';

export interface ComponentRecipe {
  /** The world to embed, when the core module does not carry it already (wit-bindgen embeds it; Go does not). */
  embed?: { witPath: string; world: string };
  /** Satisfy `wasi_snapshot_preview1` imports with the action's adapter. */
  preview1Adapter?: boolean;
}

/** The adapter's bytes, assembled from its WAT. */
export async function preview1Adapter(): Promise<Uint8Array> {
  const wat = readFileSync(fileURLToPath(ADAPTER_WAT_URL), 'utf8');
  return jco('parsing the preview1 adapter', (tools) => tools.parse(wat));
}

export async function componentFromCore(
  core: Uint8Array,
  recipe: ComponentRecipe = {},
  wasmTools?: string,
): Promise<Uint8Array> {
  if (wasmTools) {
    const made = await componentNatively(wasmTools, core, recipe);
    if (made) return made;
  }
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ToolFailure) throw error;
      throw new BuildError(`Making the component failed in ${what}: ${jcoMessage(error)}`, what, '');
    }
  };
  let module = core;
  if (recipe.embed) {
    const { witPath, world } = recipe.embed;
    // A WIT folder is read by path (with its deps); a single file is passed as text.
    const wit = statSync(witPath).isDirectory() ? { witPath } : { witSource: readFileSync(witPath, 'utf8') };
    module = await step('componentEmbed', () =>
      jco('componentEmbed', (tools) => tools.componentEmbed({ binary: core, ...wit, world })),
    );
  }
  const adapters: Array<[string, Uint8Array]> | undefined = recipe.preview1Adapter
    ? [[PREVIEW1, await step('parsing the preview1 adapter', preview1Adapter)]]
    : undefined;
  return step('componentNew', () => jco('componentNew', (tools) => tools.componentNew(module, adapters)));
}

/** Making a component natively takes milliseconds; a wasm-tools still running after this is stuck. */
const NATIVE_TIMEOUT_MS = 120_000;

/** The component, made by a native wasm-tools; undefined when this wasm-tools lacks the commands (jco makes it). */
async function componentNatively(
  executable: string,
  core: Uint8Array,
  recipe: ComponentRecipe,
): Promise<Uint8Array | undefined> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primatomic-component-'));
  const run = async (what: string, args: string[]): Promise<boolean> => {
    const result = await runProcess({ command: executable, args, cwd: folder, timeoutMs: NATIVE_TIMEOUT_MS });
    if (result.exitCode === 0) return true;
    // 2: a usage error (a wasm-tools built without the command); anything but 1 is the tool breaking.
    if (result.exitCode !== 1) return false;
    const said = result.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && line !== 'Caused by:')
      .map((line) => line.replace(/^error:\s*|^\d+:\s*/, ''))
      .join(': ');
    throw new BuildError(`Making the component failed in ${what}: ${said}`, `wasm-tools ${args.join(' ')}`, '');
  };
  try {
    let module = path.join(folder, 'core.wasm');
    writeFileSync(module, core);
    if (recipe.embed) {
      const embedded = path.join(folder, 'embedded.wasm');
      const { witPath, world } = recipe.embed;
      if (!(await run('component embed', ['component', 'embed', witPath, '--world', world, module, '-o', embedded]))) {
        return undefined;
      }
      module = embedded;
    }
    const component = path.join(folder, 'component.wasm');
    const adapt = recipe.preview1Adapter ? ['--adapt', `${PREVIEW1}=${fileURLToPath(ADAPTER_WAT_URL)}`] : [];
    if (!(await run('component new', ['component', 'new', module, ...adapt, '-o', component]))) return undefined;
    return readFileSync(component);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The imports of a core module, `module.name`, as the engine reads them. */
export function coreImports(core: Uint8Array): Array<{ module: string; name: string }> {
  return WebAssembly.Module.imports(new WebAssembly.Module(core)).map(({ module, name }) => ({ module, name }));
}
