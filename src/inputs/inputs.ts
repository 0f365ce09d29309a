import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../builder/builder.ts';
import type { ConformanceSettings } from '../conformance/conformance.ts';
import { readEvents, readQueries } from '../conformance/test-files.ts';
import type { ContractSettings } from '../contract/contract.ts';
import { byDoor } from '../kernel/door.ts';
import { InputError, InputErrors, InputProblems } from '../kernel/errors.ts';
import { repositoryBoundary } from '../kernel/repository-files.ts';
import { parseSize } from '../kernel/size.ts';
import { BUILD_TOOLS, LANGUAGES } from '../languages/index.ts';
import { Project } from '../languages/project.ts';
import { TOOLS } from '../toolchain/tool-versions.ts';
import type { ValidationSettings } from '../validate/validate.ts';
import { loadBuildSettings } from './build-inputs.ts';
import { type DeployPlan, loadDeploy } from './deploy-inputs.ts';
import { loadDownloadSettings, toolVersion } from './download-inputs.ts';
import { type GetInput, InputReader } from './input-reader.ts';
import { SETTINGS } from './settings.ts';

/** A stage's inputs, or the input error that stops that stage (and what depends on it), not the others. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: InputError; errors: InputError[] };

/** The view to check: a component given, or one to build from source. */
export type ViewSource = { componentPath: string } | { build: BuildSettings };

/** Every input of the action, read once and checked before anything runs, in the shape each stage takes. */
export interface ActionInputs {
  /** The view's project: working-directory, each of its files read once. */
  project: Project;
  source: Checked<ViewSource>;
  /** Save and restore the toolchain and the language's caches between jobs (@actions/cache). */
  cache: boolean;
  contract: Checked<ContractSettings>;
  validation: Checked<ValidationSettings>;
  /** The conformance test's samples, read and checked; undefined with `conformance: false`. */
  conformance: Checked<ConformanceSettings | undefined>;
  /** What deploying needs, when `deploy` asks for it. */
  deploy: Checked<DeployPlan | undefined>;
  /**
   * Inputs that are set but have no effect, or contradict each other, and what reading the sample files noticed:
   * warnings (or notices, for what was mended), not errors.
   */
  warnings: InputWarning[];
}

/** An input set to no effect, or what reading a sample file noticed (a notice when it was mended). */
export interface InputWarning {
  input: string;
  message: string;
  notice?: boolean;
}

export type { GetInput } from './input-reader.ts';

/**
 * Reads every input. Only a working-directory that is not a folder stops everything (it throws); any other bad
 * input stops just the stages that need it, so that the others still run and report.
 */
export function loadInputs(getInput: GetInput, cwd = process.cwd()): ActionInputs {
  const read = new InputReader(getInput);
  // Secrets first, whatever else is set: masked before anything else is read, checked or printed.
  for (const setting of SETTINGS.filter((candidate) => candidate.secret)) read.text(setting.name);
  const workingDirectory = path.resolve(cwd, read.text('working-directory'));
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new InputError(
      'working-directory',
      byDoor({
        action:
          `"${workingDirectory}" is not a folder. Check the path (it is relative to the repository root), and that ` +
          'actions/checkout ran before this step.',
        cli: `"${workingDirectory}" is not a folder. Check the path (it is relative to the current folder).`,
      }),
    );
  }
  const warnings = ignoredInputs(read);
  const cache = check(() => read.boolean('cache'));
  const project = new Project(workingDirectory);
  return {
    project,
    source: check(() => loadSource(read, workingDirectory, cache)),
    cache: cache.ok ? cache.value : true,
    contract: check(() => ({ witPath: resolveWit(read.text('wit'), workingDirectory), world: read.text('world') })),
    validation: check(() => loadValidation(read)),
    conformance: check(() => loadConformance(read, workingDirectory, warnings)),
    deploy: check(() => loadDeploy(read, project)),
    warnings,
  };
}

/** Every stage's input error, each once (a bad download-mirror stops both the build and validation). */
export function inputErrors(inputs: ActionInputs): InputError[] {
  const errors = [inputs.source, inputs.contract, inputs.validation, inputs.conformance, inputs.deploy].flatMap(
    (checked) => (checked.ok ? [] : checked.errors),
  );
  return errors.filter(
    (error, index) =>
      errors.findIndex((other) => other.input === error.input && other.message === error.message) === index,
  );
}

/** A stage's inputs, or every error among them (the first says why the stage cannot run). */
function check<T>(load: () => T): Checked<T> {
  try {
    return { ok: true, value: load() };
  } catch (error) {
    if (error instanceof InputErrors) return { ok: false, error: error.errors[0]!, errors: error.errors };
    if (error instanceof InputError) return { ok: false, error, errors: [error] };
    throw error;
  }
}

function loadSource(read: InputReader, workingDirectory: string, cache: Checked<boolean>): ViewSource {
  const component = read.text('component');
  if (!component) {
    const problems = new InputProblems();
    problems.check(() => {
      if (!cache.ok) throw cache.error; // a bad value stops the build it is for
    });
    problems.check(() => {
      if (readdirSync(workingDirectory).length > 0) return;
      throw new InputError(
        'working-directory',
        byDoor({
          action:
            `"${workingDirectory}" is empty: is the repository checked out? Add actions/checkout before this ` +
            'step.',
          cli: `"${workingDirectory}" is empty: there is no view there (primatomic-view init makes one).`,
        }),
      );
    });
    const build = problems.check(() => loadBuildSettings(read));
    problems.done();
    return { build: build! };
  }
  const componentPath = path.resolve(workingDirectory, component);
  if (existsSync(componentPath) && statSync(componentPath).isDirectory()) {
    throw new InputError('component', `"${component}" is a folder. Give the path of the built .wasm file inside it.`);
  }
  return { componentPath };
}

function loadValidation(read: InputReader): ValidationSettings {
  const maxSizeText = read.text('max-size');
  const maxSizeBytes = parseSize(maxSizeText);
  if (maxSizeBytes === undefined || maxSizeBytes <= 0) {
    throw new InputError(
      'max-size',
      `"${maxSizeText}" is not a size. Use a byte count or a number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 100MB).`,
    );
  }
  return {
    maxSizeBytes,
    allowImports: read.list('allow-imports'),
    validator: { version: toolVersion(read, 'wasmTools'), downloads: loadDownloadSettings(read) },
  };
}

/** The sample files, read now: a bad line fails in milliseconds, on its line, not after a long build. */
function loadConformance(
  read: InputReader,
  workingDirectory: string,
  warnings: ActionInputs['warnings'],
): ConformanceSettings | undefined {
  if (!read.boolean('conformance')) return undefined;
  const boundary = repositoryBoundary(workingDirectory);
  const eventsFile = read.file('test-events', workingDirectory) ?? conventional(workingDirectory, SAMPLE_EVENTS);
  const queriesFile = read.file('test-queries', workingDirectory) ?? conventional(workingDirectory, SAMPLE_QUERIES);
  const notes = (input: string) => ({
    notice: (message: string) => warnings.push({ input, message, notice: true }),
    warning: (message: string) => warnings.push({ input, message }),
  });
  return {
    eventsFile,
    queriesFile,
    events: eventsFile ? readEvents(eventsFile, notes('test-events'), boundary) : [],
    queries: queriesFile ? readQueries(queriesFile, notes('test-queries'), boundary) : [],
  };
}

/** Where a project keeps its sample events and queries when test-events and test-queries do not say. */
export const SAMPLE_EVENTS = 'test/events.ndjson';
export const SAMPLE_QUERIES = 'test/queries.jsonl';

function conventional(workingDirectory: string, file: string): string | undefined {
  const full = path.join(workingDirectory, file);
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

/** `wit` when given must exist; when not, the project's `wit` folder is used if there is one. */
function resolveWit(given: string, workingDirectory: string): string | undefined {
  if (!given) {
    const conventional = path.join(workingDirectory, 'wit');
    return existsSync(conventional) ? conventional : undefined;
  }
  const witPath = path.resolve(workingDirectory, given);
  if (!existsSync(witPath)) {
    throw new InputError(
      'wit',
      `"${given}" does not exist in ${workingDirectory}. Give the WIT file or folder that holds the world, or ` +
        'leave it empty to use primatomic:machine@0.0.1.',
    );
  }
  return witPath;
}

/** Inputs that are set but do nothing in this run: a given component is not built; no test, no samples. */
function ignoredInputs(read: InputReader): ActionInputs['warnings'] {
  const warnings: ActionInputs['warnings'] = [];
  if (read.isSet('component')) {
    const buildInputs = [
      'cache',
      'language',
      'entry',
      'output',
      'build-command',
      'world',
      ...LANGUAGES.flatMap((language) => language.options ?? []).map((option) => option.input),
      // wasm-tools-version also chooses the validator, which a given component still has.
      ...BUILD_TOOLS.filter((tool) => tool !== 'wasmTools').map((tool) => TOOLS[tool].input),
    ];
    for (const input of buildInputs.filter((name) => read.isSet(name))) {
      warnings.push({ input, message: `is ignored: component is set, so the view is not built.` });
    }
  }
  if (read.text('conformance').toLowerCase() === 'false') {
    for (const input of ['test-events', 'test-queries'].filter((name) => read.isSet(name))) {
      warnings.push({ input, message: 'is ignored: conformance is false, so no sample is run.' });
    }
  }
  // No warning for deploy inputs with deploy: false: the README's workflow sets them on every run and deploy only on
  // pushes, so pull requests would warn each time.
  return warnings;
}
