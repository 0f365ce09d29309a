/**
 * Core module → component, in-process with jco's wasm-tools: embed the world when the toolchain did not
 * (`componentEmbed`), then `componentNew`, wiring a WASI preview 1 core module to the action's import-free adapter
 * (preview1-adapter.wat), so that the component imports nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BuildError, ToolFailure } from '../kernel/errors.ts';
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

export async function componentFromCore(core: Uint8Array, recipe: ComponentRecipe = {}): Promise<Uint8Array> {
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

/** The imports of a core module, `module.name`, as the engine reads them. */
export function coreImports(core: Uint8Array): Array<{ module: string; name: string }> {
  return WebAssembly.Module.imports(new WebAssembly.Module(core)).map(({ module, name }) => ({ module, name }));
}
