import type { BuildContext, BuildPlan } from '../build/build-context.ts';

/**
 * What the action knows of one source language, in one place: how to recognise its projects and its components,
 * how to build them, and what to tell its users when a view fails validation.
 */
export interface Language {
  id: LanguageId;
  displayName: string;
  /** Names in a component's producers section (`language` or `processed-by`) that identify this language. */
  producerNames: string[];
  hints: LanguageHints;
  /** Exports the toolchain adds that users cannot remove, with what they are. */
  toolchainExports?: Record<string, string>;
  build: LanguageBuild;
}

export type LanguageId = 'rust' | 'go' | 'js' | 'ts' | 'python';

export interface LanguageBuild {
  /** Files in the project folder that mark a project of this language. */
  markers: string[];
  /** The entry the build starts from when `entry` is empty, or undefined when the language needs none. */
  defaultEntry(workingDirectory: string): string | undefined;
  /** Where the component is written when `output` is empty, relative to the project folder. */
  defaultOutput(workingDirectory: string): string;
  /** The tool-cache entries (tool, version) the build installs, to save between jobs. */
  cachedTools(context: Pick<BuildContext, 'versions' | 'rustBuilder'>): Array<[tool: string, version: string]>;
  /** Installs what the build needs (cached) and says which commands to run. */
  plan(context: BuildContext): Promise<BuildPlan>;
}

/** Next steps for a validation failure, in this language's terms. */
export interface LanguageHints {
  /** The file is a core module: how to build a component instead. */
  coreModule: string;
  /** The component imports WASI: which build setting causes it and how to avoid it. */
  wasiImports: string;
  /** The component exports `wasi:cli/run`: how to build a reactor instead. */
  command: string;
  /** The exports do not match the world: where this language takes the WIT and world from. */
  worldMismatch: string;
}
