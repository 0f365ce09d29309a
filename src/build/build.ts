/**
 * The build stage: from the project folder to a component file, with the language's documented command. Tools
 * are installed into the tool cache first; each command's output streams to the log and is kept for diagnostics.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as exec from '@actions/exec';
import { CARRIED_WIT_URL } from '../contract/contract.ts';
import type { Language } from '../languages/index.ts';
import type { BuildPlan, BuildStep, DownloadSettings } from './build-context.ts';
import { BuildError } from './build-error.ts';
import { detectLanguage, type LanguageChoice } from './detect.ts';
import type { ToolVersions } from './tool-versions.ts';
import { toolCacheRoot } from './tools/tool-cache.ts';

export interface BuildOptions {
  workingDirectory: string;
  language: LanguageChoice;
  entry: string | undefined;
  output: string | undefined;
  buildCommand: string | undefined;
  witPath: string | undefined;
  world: string;
  versions: ToolVersions;
  rustBuilder: 'cargo-component' | 'cargo';
  downloads: Omit<DownloadSettings, 'warn'>;
  /** Called once the language is known, before anything is installed (the main step restores caches here). */
  beforeInstall?: (language: Language, toolFolders: Record<string, string>) => Promise<void>;
}

export interface StepTiming {
  title: string;
  commandLine: string;
  ms: number;
}

export interface BuildResult {
  language: Language;
  componentPath: string;
  entry: string | undefined;
  tools: Record<string, string>;
  /** Installing (or finding) the tools, in milliseconds. */
  setupMs: number;
  steps: StepTiming[];
}

export async function buildView(options: BuildOptions, log: (line: string) => void = () => {}, warn: (message: string) => void = log): Promise<BuildResult> {
  const language = detectLanguage(options.workingDirectory, options.language, options.entry);
  const entry = options.entry ?? language.build.defaultEntry(options.workingDirectory);
  const componentPath = path.resolve(options.workingDirectory, options.output ?? language.build.defaultOutput(options.workingDirectory));
  mkdirSync(path.dirname(componentPath), { recursive: true });
  const witPath = options.witPath ?? fileURLToPath(CARRIED_WIT_URL);
  log(`Language: ${language.displayName}${options.language === 'auto' ? ' (detected)' : ''}; entry: ${entry ?? '–'}; output: ${componentPath}`);

  if (options.beforeInstall && !options.buildCommand) {
    const folders = Object.fromEntries(language.build.cachedTools(options).map(([tool, version]) => [tool, path.join(toolCacheRoot(), tool, version, os.arch())]));
    await options.beforeInstall(language, folders);
  }
  const setupStart = performance.now();
  const plan: BuildPlan = options.buildCommand
    ? { steps: [shellStep(options.buildCommand, options.workingDirectory)], tools: { 'build-command': options.buildCommand } }
    : await language.build.plan({
      workingDirectory: options.workingDirectory, witPath, world: options.world, entry, output: componentPath,
      versions: options.versions, rustBuilder: options.rustBuilder, scratch: scratchFolder(), downloads: { ...options.downloads, warn },
    });
  const setupMs = performance.now() - setupStart;
  log(`Setting up the tools took ${(setupMs / 1000).toFixed(2)} s`);

  const steps: StepTiming[] = [];
  for (const step of plan.steps) {
    const commandLine = [step.command, ...step.args].map(quote).join(' ');
    log(`${step.title}: ${commandLine}`);
    const start = performance.now();
    const result = await exec.getExecOutput(step.command, step.args, { cwd: step.cwd, ignoreReturnCode: true, env: { ...process.env, ...step.env } as Record<string, string> })
      .catch((error: unknown) => {
        throw new BuildError(`${step.title} could not start: ${(error as Error).message}.`, commandLine, '');
      });
    const ms = performance.now() - start;
    steps.push({ title: step.title, commandLine, ms });
    log(`${step.title} took ${(ms / 1000).toFixed(2)} s`);
    if (result.exitCode !== 0) {
      throw new BuildError(`${step.title} failed with exit code ${result.exitCode}: \`${commandLine}\` in ${step.cwd}.`, commandLine, `${result.stdout}\n${result.stderr}`);
    }
  }
  await plan.finish?.();
  if (!existsSync(componentPath)) {
    throw new BuildError(`The build succeeded but wrote no ${componentPath}.`, steps.at(-1)?.commandLine ?? '', '',
      options.buildCommand ? 'Set output to where build-command writes the component.' : 'Set output to where the build writes the component.');
  }
  return { language, componentPath, entry, tools: plan.tools, setupMs, steps };
}

function shellStep(command: string, cwd: string): BuildStep {
  const windows = process.platform === 'win32';
  return { title: 'build-command', command: windows ? 'cmd' : 'bash', args: windows ? ['/d', '/s', '/c', command] : ['-eo', 'pipefail', '-c', command], cwd };
}

function scratchFolder(): string {
  const base = process.env.RUNNER_TEMP || os.tmpdir();
  return mkdtempSync(path.join(base, 'primatomic-build-'));
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
