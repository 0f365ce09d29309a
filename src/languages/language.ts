import type { TrapExplainer } from '../contract/explainer.ts';
import type { Found } from '../kernel/findings.ts';
import type { Log } from '../kernel/log.ts';
import type { DownloadSettings } from '../toolchain/release-installer.ts';
import type { ToolId, ToolVersions } from '../toolchain/tool-versions.ts';
import type { Project } from './project.ts';

/**
 * Everything the action knows of one source language, in one record: how to recognise its projects and its
 * components, what to install and how to build, how to read its compiler's errors, what to cache, the project's
 * name, and what to tell its users when a view fails validation. Adding a language is one file like this, plus
 * its line in index.ts.
 */
export interface Language {
  id: string;
  displayName: string;

  /** Files in the project folder that mark a project of this language. */
  markers: string[];
  /** For languages that share markers (JS and TS share package.json): whether the project is this one's. */
  claims?(project: Project, entry: string | undefined): boolean;
  /** Names in a component's producers section (`language` or `processed-by`) that identify this language. */
  producerNames: string[];

  /** The tools its build installs (their version inputs apply to it). */
  tools: ToolId[];
  /** Build choices of its own, each an input of the action (`rust-builder`). */
  options?: LanguageOption[];
  /** The entry the build starts from when `entry` is empty, or undefined when the language needs none. */
  defaultEntry(project: Project): string | undefined;
  /** Where the component is written when `output` is empty, relative to the project folder. */
  defaultOutput(project: Project): string;
  /** Exact tool versions the project pins itself, which win over the action's defaults (inputs win over both). */
  projectPins?(project: Project): Partial<ToolVersions>;
  /** The tool-cache entries (name, version) its build installs, to save between jobs. */
  cachedTools(context: ToolContext): Array<[tool: string, version: string]>;
  /** Installs what the build needs (cached) and says which commands to run. */
  plan(context: BuildContext): Promise<BuildPlan>;
  /** The compiler errors in a failed build's output, each on its source line. */
  diagnostics(output: string, project: Project): Found[];
  /**
   * What its build keeps between jobs besides the tools (dependencies, compiled code): only what makes the next
   * build faster. None when the tool cache is all (the action installs no project dependencies).
   */
  caches?(project: Project, machine: CacheMachine): Promise<LanguageCache[]>;

  /** The project's name (crate, npm package, Go module, Python project): the default view name. */
  projectName(project: Project): string | undefined;
  hints: LanguageHints;
  /** Exports the toolchain adds that users cannot remove, with what they are. */
  toolchainExports?: Record<string, string>;
}

/** What makes a component from a core module, for the summary's tools: a native wasm-tools, or jco's in-process. */
export function componentMaker(wasmTools: { source: string } | undefined): string {
  return wasmTools ? `wasm-tools ${wasmTools.source}` : "jco's wasm-tools, in-process";
}

/** A build choice a language offers, read from the input of the same name. */
export interface LanguageOption {
  input: string;
  choices: readonly string[];
  defaultChoice: string;
}

/** What a language's build plan is made from. */
export interface BuildContext {
  project: Project;
  /** The WIT file or folder to build against: the project's, or the one the action carries. */
  witPath: string;
  world: string;
  /** The entry (a file, module or package) to build, resolved. */
  entry: string | undefined;
  /** Absolute path the component must be written to. */
  output: string;
  versions: ToolVersions;
  /** The language's options by input name, defaults applied. */
  options: Record<string, string>;
  downloads: DownloadSettings;
  /** A scratch folder for this build (intermediate files such as a bundled TypeScript entry). */
  scratch: string;
  log: Log;
}

export type ToolContext = Pick<BuildContext, 'versions' | 'options' | 'downloads'>;

/** One command of a build. `args` never hold secrets; the command runs in `cwd`. */
export interface BuildStep {
  title: string;
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface BuildPlan {
  steps: BuildStep[];
  /** Work done in-process after the commands (e.g. wrapping a core module into a component), timed as a step. */
  finish?: { title: string; run(): Promise<void> };
  /** The tools used and their versions, for the summary. */
  tools: Record<string, string>;
  /**
   * The files the build read, for a build whose bytes differ from build to build (a snapshot of a JS or Python
   * heap): its view is named after them instead of after the component (see source-digest.ts). Undefined for a
   * reproducible build. Asked once the build is done.
   */
  sources?(): string[];
  /** Undoes what the commands wrote into the user's tree (cargo-component's src/bindings.rs), however they ended. */
  cleanup?(): void;
  /** Reads a failed command's output when this build knows more than the language's reader (the glue's paths). */
  diagnostics?(output: string): Found[];
  /** Makes what can tell why the view trapped, when the conformance test saw it trap (see TrapExplainer). */
  explainer?(): Promise<TrapExplainer>;
  /**
   * Its explainer also tells when query or snapshot returned something that is not bytes (componentize-js sends a
   * string or a plain object as no bytes at all): worth making when an answer or a snapshot came back empty.
   */
  explainsWrongReturns?: boolean;
}

/** What finding a cache folder needs: the home folder, the environment, and a tool to ask (undefined: no answer). */
export interface CacheMachine {
  home: string;
  env: NodeJS.ProcessEnv;
  ask(command: string, args: string[]): Promise<string | undefined>;
}

/** A build's cache: saved under a key of the compiler's version and the first lockfile found. */
export interface LanguageCache {
  name: string;
  /** Relative to the project folder, or absolute. */
  lockfiles: string[];
  paths: string[];
  /** The compiler that made what the cache holds (`go1.26.8`): another one starts a new entry. */
  compiler: string | undefined;
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
