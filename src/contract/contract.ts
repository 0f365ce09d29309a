import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, ToolFailure } from '../kernel/errors.ts';
import type { SourceLocation } from '../kernel/findings.ts';
import {
  FileRefused,
  readRepositoryFile,
  repositoryBoundary,
  whyNotARepositoryFile,
} from '../kernel/repository-files.ts';
import { readComponent } from '../wasm/component-reader.ts';
import type { ExternType, FuncType } from '../wasm/component-types.ts';
import { jco, jcoMessage } from '../wasm/jco.ts';

/**
 * The exports a view must have, taken from the world in WIT. The world is compiled to a stand-in component
 * (jco's componentEmbed with `dummy` and componentNew) and read back with the same reader as the view,
 * so the expected and the actual types are compared in one representation.
 */
export interface Contract {
  world: string;
  exports: Map<string, ExternType>;
  imports: Map<string, ExternType>;
  /** Where each exported function, interface and the world are declared, for annotations. */
  locate(name: string): SourceLocation | undefined;
}

/** Where a world comes from: the `wit` and `world` inputs, which the build compiles against. */
export interface ContractSettings {
  /** The WIT file or folder, or undefined for the WIT the action carries. */
  witPath: string | undefined;
  world: string;
}

/** The primatomic:machine@0.0.1 WIT, verbatim from Primatomic's docs; the bundle carries a copy beside it. */
export const CARRIED_WIT_URL = new URL('./machine.wit', import.meta.url);
/**
 * Its stand-in component, made from it when the bundle is (scripts/bundle.mjs): a run reads the contract from it
 * without loading jco. Sources run from the repository compile the WIT instead.
 */
export const CARRIED_STAND_IN_URL = new URL('./machine-stand-in.wasm', import.meta.url);
/** For an async export: how to build the synchronous one Primatomic calls. */
export const SYNCHRONOUS_HINT =
  'Export the functions synchronously: `func`, not `async func`, in the WIT; toolchains that make async exports ' +
  'by default need telling (jco componentize without `--async-mode` or `--async-exports`, or with `--sync` where ' +
  'it defaults to async; wit-bindgen without its `async` option).';

/** The world Primatomic runs. */
export const PRIMATOMIC_WORLD = 'state-machine';

let carried: Promise<Contract> | undefined;

/**
 * What Primatomic judges every view against: the world of the WIT the action carries. Its findings are annotated on
 * the project's own WIT when it has one (the declarations the user can see), else on the component.
 */
export async function primatomicContract(projectWit?: string): Promise<Contract> {
  carried ??= existsSync(fileURLToPath(CARRIED_STAND_IN_URL))
    ? Promise.resolve(contractOf(readFileSync(CARRIED_STAND_IN_URL), PRIMATOMIC_WORLD, []))
    : loadContract({ witPath: undefined, world: PRIMATOMIC_WORLD });
  const contract = await carried;
  const sources = projectWit ? witFiles(projectWit) : [];
  return { ...contract, locate: (name) => locateDeclaration(sources, name) };
}

export async function loadContract({ witPath, world }: ContractSettings): Promise<Contract> {
  const sources = witPath ? witFiles(witPath) : [];
  let standIn: Uint8Array;
  try {
    standIn = await jco('compiling the world', (tools) => {
      const embedded =
        witPath && statSync(witPath).isDirectory()
          ? tools.componentEmbed({ dummy: true, witPath, world })
          : tools.componentEmbed({
              dummy: true,
              witSource: readFileSync(witPath ?? fileURLToPath(CARRIED_WIT_URL), 'utf8'),
              world,
            });
      return tools.componentNew(embedded, undefined);
    });
  } catch (error) {
    // A broken tool is the action's failure, not the user's WIT.
    if (error instanceof ToolFailure) throw error;
    throw new InputError(
      witPath ? 'wit' : 'world',
      `could not read world "${world}" from ${witPath ?? 'primatomic:machine@0.0.1'}: ${jcoMessage(error)}`,
    );
  }
  return contractOf(standIn, world, sources);
}

/** The contract a stand-in component of the world says: its exports and imports, read as a view's are. */
function contractOf(standIn: Uint8Array, world: string, sources: WitSource[]): Contract {
  const summary = readComponent(standIn);
  return {
    world,
    exports: summary.exports,
    imports: summary.imports,
    locate: (name) => locateDeclaration(sources, name),
  };
}

export interface WitSource {
  file: string;
  text: string;
}

/** The most a WIT file may be: a world of a few interfaces is a few KB. */
const WIT_FILE_LIMIT = 1_000_000;

/**
 * The `.wit` files of a WIT file or folder (a folder's own files, each with its text), read as files of the
 * repository; those of its deps/ are only checked to be files, as the WIT tools read them later.
 */
export function witFiles(witPath: string): WitSource[] {
  const boundary = repositoryBoundary(path.dirname(path.resolve(witPath)));
  const folder = statSync(witPath).isDirectory();
  const files = folder ? witFilesIn(witPath) : [witPath];
  const read = (file: string) => {
    try {
      return readRepositoryFile(file, { maxBytes: WIT_FILE_LIMIT, what: 'a WIT file', boundary }).toString('utf8');
    } catch (error) {
      if (error instanceof FileRefused) throw new InputError('wit', error.message);
      throw error;
    }
  };
  const deps = path.join(witPath, 'deps');
  if (folder && existsSync(deps)) {
    for (const file of witFilesIn(deps, true)) {
      const why = whyNotARepositoryFile(file, boundary);
      if (why) throw new InputError('wit', `"${file}" ${why}.`);
    }
  }
  return files.map((file) => ({ file, text: read(file) }));
}

/** The `.wit` files of a folder, sorted; with `deep`, those of its folders too. */
function witFilesIn(folder: string, deep = false): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (deep && entry.isDirectory()) return witFilesIn(full, true);
      return entry.name.endsWith('.wit') && !entry.isDirectory() ? [full] : [];
    })
    .sort();
}

/** The line declaring `name` (a function, interface or world) in the WIT sources, for an annotation. */
export function locateDeclaration(sources: WitSource[], name: string): SourceLocation | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:${escaped}\\s*:\\s*(?:async\\s+)?func\\b|(?:interface|world)\\s+${escaped}\\b)`);
  for (const { file, text } of sources) {
    const index = text.split('\n').findIndex((line) => pattern.test(line));
    if (index >= 0) return { file, line: index + 1 };
  }
  return undefined;
}

export function functionsOf(item: ExternType): Map<string, FuncType> | undefined {
  if (item.sort !== 'instance' || item.type.kind !== 'instance') return undefined;
  const functions = new Map<string, FuncType>();
  for (const [name, exported] of item.type.exports) {
    if (exported.sort === 'func' && exported.type.kind === 'func') functions.set(name, exported.type);
  }
  return functions;
}
