import type { ToolId } from '../toolchain/tool-versions.ts';
import type { Producers } from '../wasm/producers.ts';
import { go } from './go.ts';
import { javascript } from './javascript.ts';
import type { Language, LanguageHints } from './language.ts';
import type { Project } from './project.ts';
import { python } from './python.ts';
import { rust } from './rust.ts';
import { typescript } from './typescript.ts';

export type { Producers } from '../wasm/producers.ts';
export type { BuildContext, BuildPlan, BuildStep, Language, LanguageHints } from './language.ts';
export { Project } from './project.ts';

/** Every language the action builds, in the order detection and project names look at them. */
export const LANGUAGES: readonly Language[] = [rust, go, javascript, typescript, python];

/** The tools some language's build installs: the inputs of their versions are build inputs. */
export const BUILD_TOOLS: readonly ToolId[] = [...new Set(LANGUAGES.flatMap((language) => language.tools))];

export function languageById(id: string): Language | undefined {
  return LANGUAGES.find((language) => language.id === id);
}

/** Hints for when the language is not known. */
export const GENERIC_HINTS: LanguageHints = {
  coreModule:
    'Primatomic runs components, not core modules. Let primatomic-view build the view (leave `component` empty), use ' +
    "your language's component build (jco componentize, componentize-py, cargo component), or wrap a module that " +
    'embeds the world with `wasm-tools ' +
    'component new`.',
  wasiImports:
    'Primatomic provides no imports, so a view must not use WASI (clocks, random, stdio, files). Build without ' +
    'WASI, or stub the imports out.',
  command:
    'The component exports wasi:cli/run, which makes it a command. Views are reactors: export only ' +
    'primatomic:machine/machine@0.0.1.',
  worldMismatch: 'Build against the primatomic:machine@0.0.1 WIT, world state-machine.',
};

/** Finds the language from producers sections, outermost first (a JS view's engine module says Rust and C). */
export function languageFromProducers(producersOutermostFirst: Producers[]): Language | undefined {
  for (const producers of producersOutermostFirst) {
    for (const field of ['language', 'processed-by']) {
      for (const [name] of producers.find(([f]) => f === field)?.[1] ?? []) {
        const key = name.toLowerCase();
        const language = LANGUAGES.find((candidate) => candidate.producerNames.includes(key));
        if (language) return language;
      }
    }
  }
  return undefined;
}

/** The project's name from its manifest: the given language's, or the first language that finds one. */
export function projectNameIn(project: Project, language?: Language): { name: string; from: string } | undefined {
  for (const candidate of language ? [language] : LANGUAGES) {
    const name = candidate.projectName(project);
    if (name) return { name, from: candidate.displayName };
  }
  return undefined;
}
