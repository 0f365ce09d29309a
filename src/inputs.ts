import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadDeployInputs, type DeployInputs } from './deploy/deploy-inputs.ts';
import { InputError } from './errors.ts';
import { parseSize } from './size.ts';

/** Every input of the action, parsed once and checked; stages take what they need from here. */
export interface ActionInputs {
  workingDirectory: string;
  /** Absolute path of the built component. */
  componentPath: string;
  /** Absolute path of the WIT file or folder, or undefined for the WIT the action carries. */
  witPath: string | undefined;
  world: string;
  maxSizeBytes: number;
  /** Interface names whose imports are warnings, not errors; with or without a version. */
  allowImports: string[];
  conformance: boolean;
  /** Absolute paths of the conformance test's sample events and queries, when given. */
  testEvents: string | undefined;
  testQueries: string | undefined;
  /** What deploying needs, when `deploy` is true. */
  deploy: DeployInputs | undefined;
}

export type GetInput = (name: string) => string;

export const DEFAULT_MAX_SIZE = '100MB';

export function loadInputs(getInput: GetInput, cwd = process.cwd()): ActionInputs {
  const read = (name: string) => getInput(name).trim();

  const workingDirectory = path.resolve(cwd, read('working-directory') || '.');
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new InputError('working-directory', `"${workingDirectory}" is not a folder. Check the path (it is relative to the repository root).`);
  }

  const component = read('component');
  if (!component) {
    throw new InputError('component', 'is empty. Set it to the path of the built view (.wasm), relative to working-directory.');
  }

  const maxSizeText = read('max-size') || DEFAULT_MAX_SIZE;
  const maxSizeBytes = parseSize(maxSizeText);
  if (maxSizeBytes === undefined || maxSizeBytes <= 0) {
    throw new InputError('max-size', `"${maxSizeText}" is not a size. Use a byte count or a number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 100MB).`);
  }

  const componentPath = path.resolve(workingDirectory, component);
  if (existsSync(componentPath) && statSync(componentPath).isDirectory()) {
    throw new InputError('component', `"${component}" is a folder. Give the path of the built .wasm file inside it.`);
  }

  return {
    workingDirectory,
    componentPath,
    witPath: resolveWit(read('wit'), workingDirectory),
    world: read('world') || 'state-machine',
    maxSizeBytes,
    allowImports: read('allow-imports').split(/[\n,]/).map((name) => name.trim()).filter(Boolean),
    conformance: readBoolean('conformance', read('conformance'), true),
    testEvents: resolveFile('test-events', read('test-events'), workingDirectory),
    testQueries: resolveFile('test-queries', read('test-queries'), workingDirectory),
    deploy: readBoolean('deploy', read('deploy'), false) ? loadDeployInputs(read, workingDirectory) : undefined,
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
    throw new InputError('wit', `"${given}" does not exist in ${workingDirectory}. Give the WIT file or folder that holds the world, or leave it empty to use primatomic:machine@0.0.1.`);
  }
  return witPath;
}

function resolveFile(name: string, given: string, workingDirectory: string): string | undefined {
  if (!given) return undefined;
  const file = path.resolve(workingDirectory, given);
  if (!existsSync(file)) throw new InputError(name, `"${given}" does not exist in ${workingDirectory}.`);
  if (!statSync(file).isFile()) throw new InputError(name, `"${given}" is not a file.`);
  return file;
}

function readBoolean(name: string, text: string, fallback: boolean): boolean {
  if (text === '') return fallback;
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  throw new InputError(name, `"${text}" is not a boolean. Use true or false.`);
}
