import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGE_CHOICES, type LanguageChoice } from './build/detect.ts';
import { projectPins } from './build/tools/js-toolchain.ts';
import { DEFAULT_TOOL_VERSIONS, VERSION_INPUTS, type ToolVersions } from './build/tool-versions.ts';
import { loadDeployInputs, type DeployInputs } from './deploy/deploy-inputs.ts';
import { InputError } from './errors.ts';
import { parseSize } from './size.ts';

/** Every input of the action, parsed once and checked; stages take what they need from here. */
export interface ActionInputs {
  workingDirectory: string;
  /** Absolute path of the built component, or undefined to build it from source (see `build`). */
  componentPath: string | undefined;
  /** How to build the view when `component` is empty. */
  build: BuildInputs | undefined;
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

/** The inputs once the component is known: given, or just built. */
export type CheckedInputs = ActionInputs & { componentPath: string };

export type GetInput = (name: string) => string;

export interface BuildInputs {
  language: LanguageChoice;
  entry: string | undefined;
  /** The component's path relative to working-directory, or undefined for the language's default. */
  output: string | undefined;
  buildCommand: string | undefined;
  versions: ToolVersions;
  rustBuilder: 'cargo-component' | 'cargo';
  downloads: { mirror: string | undefined; verifyChecksums: boolean; userChecksums: Record<string, string> };
  /** Save and restore the toolchain and the language's caches between jobs (@actions/cache). */
  cache: boolean;
}

export const DEFAULT_MAX_SIZE = '100MB';

export function loadInputs(getInput: GetInput, cwd = process.cwd()): ActionInputs {
  const read = (name: string) => getInput(name).trim();

  const workingDirectory = path.resolve(cwd, read('working-directory') || '.');
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new InputError('working-directory', `"${workingDirectory}" is not a folder. Check the path (it is relative to the repository root).`);
  }

  const component = read('component');

  const maxSizeText = read('max-size') || DEFAULT_MAX_SIZE;
  const maxSizeBytes = parseSize(maxSizeText);
  if (maxSizeBytes === undefined || maxSizeBytes <= 0) {
    throw new InputError('max-size', `"${maxSizeText}" is not a size. Use a byte count or a number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 100MB).`);
  }

  const componentPath = component ? path.resolve(workingDirectory, component) : undefined;
  if (componentPath && existsSync(componentPath) && statSync(componentPath).isDirectory()) {
    throw new InputError('component', `"${component}" is a folder. Give the path of the built .wasm file inside it.`);
  }

  return {
    workingDirectory,
    componentPath,
    build: componentPath ? undefined : loadBuildInputs(read, workingDirectory),
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

function loadBuildInputs(read: GetInput, workingDirectory: string): BuildInputs {
  const language = read('language') || 'auto';
  if (!(LANGUAGE_CHOICES as readonly string[]).includes(language)) {
    throw new InputError('language', `"${language}" is not one of ${LANGUAGE_CHOICES.join(', ')}.`);
  }
  const rustBuilder = read('rust-builder') || 'cargo-component';
  if (rustBuilder !== 'cargo-component' && rustBuilder !== 'cargo') throw new InputError('rust-builder', `"${rustBuilder}" is not cargo-component or cargo.`);
  // An input wins over an exact pin in the project's package.json, which wins over the action's default.
  const versions = { ...DEFAULT_TOOL_VERSIONS, ...projectPins(workingDirectory) };
  for (const [tool, input] of Object.entries(VERSION_INPUTS) as Array<[keyof ToolVersions, string]>) {
    const version = read(input);
    if (!version) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) throw new InputError(input, `"${version}" is not an exact version (like ${DEFAULT_TOOL_VERSIONS[tool]}).`);
    versions[tool] = version;
  }
  return {
    language: language as LanguageChoice,
    entry: read('entry') || undefined,
    output: read('output') || undefined,
    buildCommand: read('build-command') || undefined,
    versions,
    rustBuilder,
    downloads: {
      mirror: readMirror(read('download-mirror')),
      verifyChecksums: readBoolean('verify-checksums', read('verify-checksums'), true),
      userChecksums: readChecksums(read('tool-checksums')),
    },
    cache: readBoolean('cache', read('cache'), true),
  };
}

function readMirror(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new InputError('download-mirror', `"${text}" is not an http(s) URL; give the address that replaces https://github.com (e.g. https://ghes.example.com).`);
}

/** `tool@version=sha256`, one per line or comma-separated. */
function readChecksums(text: string): Record<string, string> {
  const checksums: Record<string, string> = {};
  for (const entry of text.split(/[\n,]/).map((line) => line.trim()).filter(Boolean)) {
    const match = /^([\w-]+@[\w.+-]+)\s*=\s*([0-9a-fA-F]{64})$/.exec(entry);
    if (!match) throw new InputError('tool-checksums', `"${entry}" is not tool@version=<64 hex digits> (e.g. wasm-tools@1.258.0=ab12…).`);
    checksums[match[1]!] = match[2]!.toLowerCase();
  }
  return checksums;
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
