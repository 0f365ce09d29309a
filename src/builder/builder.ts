/**
 * The build stage: from the project folder to a component file, with the language's documented command. Tools
 * are installed into the tool cache first; each command's output streams to the log and is kept for diagnostics.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CARRIED_WIT_URL, type ContractSettings, PRIMATOMIC_WORLD } from '../contract/contract.ts';
import type { TrapExplainer } from '../contract/explainer.ts';
import { checkProjectWit } from '../contract/project-wit.ts';
import { BuildError, InputError } from '../kernel/errors.ts';
import type { Found } from '../kernel/findings.ts';
import type { Log } from '../kernel/log.ts';
import { FileRefused } from '../kernel/repository-files.ts';
import { plural } from '../kernel/text.ts';
import { detectLanguage } from '../languages/detect.ts';
import type { BuildPlan, Language } from '../languages/index.ts';
import type { Project } from '../languages/project.ts';
import type { DownloadSettings } from '../toolchain/release-installer.ts';
import { DEFAULT_TOOL_VERSIONS, TOOLS, type ToolId, type ToolVersions } from '../toolchain/tool-versions.ts';
import { runInProcess, runSteps, type StepTiming, shellStep } from './run-steps.ts';
import { sourceDigest } from './source-digest.ts';

/** The build inputs. */
export interface BuildSettings {
  /** `auto` or a language's id. */
  language: string;
  entry: string | undefined;
  /** The component's path relative to working-directory, or undefined for the language's default. */
  output: string | undefined;
  buildCommand: string | undefined;
  /** Versions the inputs ask for; the others come from the project's exact pins, then the action's defaults. */
  versions: Partial<ToolVersions>;
  /** The languages' own options by input name (`rust-builder`), defaults applied. */
  options: Record<string, string>;
  downloads: DownloadSettings;
  /** How long each command of the build may run. */
  stepTimeoutMs: number;
}

export interface BuildRequest {
  project: Project;
  contract: ContractSettings;
  settings: BuildSettings;
  log: Log;
  /** Called once the language and tools are known, before anything is installed (main restores caches here). */
  beforeInstall?: (language: Language, tools: Array<[tool: string, version: string]>) => Promise<void>;
}

export interface BuildResult {
  language: Language;
  componentPath: string;
  entry: string | undefined;
  tools: Record<string, string>;
  /** Installing (or finding) the tools, in milliseconds. */
  setupMs: number;
  steps: StepTiming[];
  /** Makes what can tell why the view trapped (a Go panic's text, a JavaScript exception's), when it does. */
  explainer: (() => Promise<TrapExplainer>) | undefined;
  /** Whether the explainer can also tell a return that is not bytes (see BuildPlan). */
  explainsWrongReturns: boolean;
  /**
   * The sha256 of what the build was made from, for a build whose bytes differ from build to build (JavaScript,
   * TypeScript, Python): the view is then named after it. Undefined for a reproducible build.
   */
  sourceDigest: string | undefined;
  /** Warnings about the project's WIT (an export Primatomic never calls, a renamed parameter). */
  warnings: Found[];
}

export type BuildOutcome =
  | { ok: true; result: BuildResult }
  | { ok: false; error: BuildError; language: Language; diagnostics: Found[] };

/** Builds the view; a build that fails is an outcome (with the compiler's errors on their lines), not a throw. */
export async function buildView(request: BuildRequest): Promise<BuildOutcome> {
  const { project, settings } = request;
  const language = detected(project, settings);
  const planned: { plan?: BuildPlan } = {};
  try {
    return { ok: true, result: await build(request, language, planned) };
  } catch (caught) {
    const error = caught instanceof FileRefused ? refusedProjectFile(caught) : caught;
    if (!(error instanceof BuildError)) throw error;
    const read = planned.plan?.diagnostics ?? ((output: string) => language.diagnostics(output, project));
    return { ok: false, error, language, diagnostics: [...error.located, ...read(error.output)] };
  }
}

async function build(request: BuildRequest, language: Language, planned: { plan?: BuildPlan }): Promise<BuildResult> {
  const { project, settings, log } = request;
  const entry = settings.entry ?? language.defaultEntry(project);
  const componentPath = project.path(settings.output ?? language.defaultOutput(project));
  mkdirSync(path.dirname(componentPath), { recursive: true });
  const warnings = await checkWit(request.contract);
  const witPath = request.contract.witPath ?? fileURLToPath(CARRIED_WIT_URL);
  const detected = settings.language === 'auto' ? ' (detected)' : '';
  log.info(`Language: ${language.displayName}${detected}; entry: ${entry ?? '–'}; output: ${componentPath}`);

  const toolContext = {
    versions: toolVersionsFor(language, project, settings.versions),
    options: settings.options,
    downloads: settings.downloads,
  };
  // wasm-tools validates every view: its version is never ignored.
  const unused = (id: ToolId) => !language.tools.includes(id) && id !== 'wasmTools';
  for (const tool of (Object.keys(settings.versions) as ToolId[]).filter(unused)) {
    log.warn(`${TOOLS[tool].input} is ignored: the view is ${language.displayName}, whose build does not use it.`);
  }
  if (request.beforeInstall && !settings.buildCommand) {
    await request.beforeInstall(language, language.cachedTools(toolContext));
  }
  const setupStart = performance.now();
  const scratch = scratchFolder();
  const plan: BuildPlan = settings.buildCommand
    ? {
        steps: [shellStep(settings.buildCommand, project.folder, scratch)],
        tools: { 'build-command': settings.buildCommand },
      }
    : await language.plan({
        ...toolContext,
        project,
        witPath,
        world: request.contract.world,
        entry,
        output: componentPath,
        scratch,
        log,
      });
  planned.plan = plan;
  const setupMs = performance.now() - setupStart;
  log.info(`Setting up the tools took ${(setupMs / 1000).toFixed(2)} s`);

  let steps: StepTiming[];
  try {
    steps = await runSteps(plan.steps, log, settings.stepTimeoutMs);
    if (plan.finish) steps.push(await runInProcess(plan.finish, log));
  } finally {
    plan.cleanup?.();
  }
  if (!existsSync(componentPath)) {
    const where = settings.buildCommand
      ? 'where build-command writes the component'
      : 'where the build writes the component';
    throw new BuildError(
      `The build succeeded but wrote no ${componentPath}.`,
      steps.at(-1)?.commandLine ?? '',
      '',
      `Set output to ${where}.`,
    );
  }
  return {
    language,
    componentPath,
    entry,
    tools: plan.tools,
    setupMs,
    steps,
    explainer: plan.explainer,
    explainsWrongReturns: plan.explainsWrongReturns ?? false,
    sourceDigest: plan.sources
      ? sourceDigest({
          folder: project.folder,
          sources: plan.sources(),
          witPath,
          world: request.contract.world,
          tools: plan.tools,
        })
      : undefined,
    warnings,
  };
}

/**
 * Before anything is installed or built: the project's WIT must say what Primatomic's contract says (each
 * difference an error on its line), and the world must be one it declares. Returns the warnings.
 */
async function checkWit({ witPath, world }: ContractSettings): Promise<Found[]> {
  if (!witPath) {
    if (world === PRIMATOMIC_WORLD) return [];
    throw new InputError(
      'world',
      `primatomic:machine@0.0.1 has one world, ${PRIMATOMIC_WORLD}, not "${world}". Leave world empty, or give ` +
        'the WIT that declares it in `wit`.',
    );
  }
  const findings = await checkProjectWit(witPath, world);
  const errors = findings.filter((found) => found.severity === 'error');
  if (errors.length === 0) return findings;
  const more = errors.length > 1 ? ` (and ${plural(errors.length - 1, 'more difference')}, each on its line)` : '';
  throw new BuildError(
    `The project's WIT differs from primatomic:machine@0.0.1, which Primatomic judges every view by: ` +
      `${errors[0]!.message}${more} Nothing was built: Primatomic would refuse the view.`,
    '',
    '',
    errors[0]!.hint,
    findings,
  );
}

/** The view's language; a manifest it cannot read as a file of the repository is an error of working-directory. */
function detected(project: Project, settings: BuildSettings): Language {
  try {
    return detectLanguage(project, settings.language, settings.entry);
  } catch (error) {
    if (!(error instanceof FileRefused)) throw error;
    throw new InputError('working-directory', refusedProjectFile(error).message);
  }
}

/** A project file that is not one (a symlink out of the repository, a device, a FIFO) or too large to be one. */
function refusedProjectFile(error: FileRefused): BuildError {
  return new BuildError(
    `${error.message} A project file is read only as a regular file of the repository.`,
    'read the project',
    '',
    'Replace it with the file itself (not a symlink to a device or outside the repository).',
  );
}

/** An input wins over an exact pin in the project, which wins over the action's default. */
export function toolVersionsFor(language: Language, project: Project, requested: Partial<ToolVersions>): ToolVersions {
  return { ...DEFAULT_TOOL_VERSIONS, ...language.projectPins?.(project), ...requested };
}

function scratchFolder(): string {
  const base = process.env.RUNNER_TEMP || os.tmpdir();
  return mkdtempSync(path.join(base, 'primatomic-build-'));
}
