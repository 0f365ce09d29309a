import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BuildSettings } from '../builder/builder.ts';
import type { ConformanceSettings } from '../conformance/conformance.ts';
import type { ContractSettings } from '../contract/contract.ts';
import type { DeploySettings } from '../deploy/deploy.ts';
import { InputError } from '../kernel/errors.ts';
import { parseSize } from '../kernel/size.ts';
import type { ValidationSettings } from '../validate/validate.ts';
import { loadBuildSettings } from './build-inputs.ts';
import { loadDeploySettings } from './deploy-inputs.ts';
import { type GetInput, InputReader } from './input-reader.ts';

/** Every input of the action, parsed once and checked, in the shape each stage takes. */
export interface ActionInputs {
  workingDirectory: string;
  /** Absolute path of the built component, or undefined to build it from source (see `build`). */
  componentPath: string | undefined;
  /** How to build the view when `component` is empty. */
  build: BuildSettings | undefined;
  /** Save and restore the toolchain and the language's caches between jobs (@actions/cache). */
  cache: boolean;
  contract: ContractSettings;
  validation: ValidationSettings;
  /** The conformance test's sample files; undefined with `conformance: false`. */
  conformance: ConformanceSettings | undefined;
  /** What deploying needs, when `deploy` is true. */
  deploy: DeploySettings | undefined;
}

export type { GetInput } from './input-reader.ts';

export function loadInputs(getInput: GetInput, cwd = process.cwd()): ActionInputs {
  const read = new InputReader(getInput);

  const workingDirectory = path.resolve(cwd, read.text('working-directory'));
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new InputError(
      'working-directory',
      `"${workingDirectory}" is not a folder. Check the path (it is relative to the repository root).`,
    );
  }

  const component = read.text('component');
  const maxSizeText = read.text('max-size');
  const maxSizeBytes = parseSize(maxSizeText);
  if (maxSizeBytes === undefined || maxSizeBytes <= 0) {
    throw new InputError(
      'max-size',
      `"${maxSizeText}" is not a size. Use a byte count or a number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 100MB).`,
    );
  }
  const componentPath = component ? path.resolve(workingDirectory, component) : undefined;
  if (componentPath && existsSync(componentPath) && statSync(componentPath).isDirectory()) {
    throw new InputError('component', `"${component}" is a folder. Give the path of the built .wasm file inside it.`);
  }

  const conformance = read.boolean('conformance');
  const sampleFiles = {
    eventsFile: read.file('test-events', workingDirectory),
    queriesFile: read.file('test-queries', workingDirectory),
  };
  return {
    workingDirectory,
    componentPath,
    build: componentPath ? undefined : loadBuildSettings(read),
    cache: read.boolean('cache'),
    contract: { witPath: resolveWit(read.text('wit'), workingDirectory), world: read.text('world') },
    validation: { maxSizeBytes, allowImports: read.list('allow-imports') },
    conformance: conformance ? sampleFiles : undefined,
    deploy: read.boolean('deploy') ? loadDeploySettings(read, workingDirectory) : undefined,
  };
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
        `leave it empty to use primatomic:machine@0.0.1.`,
    );
  }
  return witPath;
}
