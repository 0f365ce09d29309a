import type { ToolVersions } from './tool-versions.ts';

/** What a language's build plan is made from: the project, the world, and the tool versions to use. */
export interface BuildContext {
  workingDirectory: string;
  /** The WIT file or folder to build against: the project's, or the one the action carries. */
  witPath: string;
  world: string;
  /** The entry (a file, module or package) to build, resolved. */
  entry: string | undefined;
  /** Absolute path the component must be written to. */
  output: string;
  versions: ToolVersions;
  rustBuilder: 'cargo-component' | 'cargo';
  downloads: DownloadSettings;
  /** A scratch folder for this build (intermediate files such as a bundled TypeScript entry). */
  scratch: string;
}

/** How tools from GitHub releases are fetched. */
export interface DownloadSettings {
  /** Replaces https://github.com (GHES, air-gapped runners). */
  mirror: string | undefined;
  verifyChecksums: boolean;
  /** sha256 by `tool@version`, for versions outside the action's table. */
  userChecksums: Record<string, string>;
  warn(message: string): void;
}

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
  /** Work done in-process after the commands (e.g. wrapping a core module into a component). */
  finish?: () => Promise<void>;
  /** The tools used and their versions, for the summary. */
  tools: Record<string, string>;
}
