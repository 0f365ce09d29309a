/**
 * What the build saves between jobs with @actions/cache (hosted runners start with an empty tool cache): the
 * installed toolchain, and the language's own caches, each under a key of tool, version (or lockfile), OS and arch.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LanguageId } from '../languages/index.ts';

export interface CacheEntry {
  /** What it holds, for the log. */
  name: string;
  key: string;
  /** Keys that may restore an older copy (a changed lockfile still shares most dependencies). */
  restoreKeys: string[];
  paths: string[];
}

const PLATFORM = `${process.platform}-${process.arch}`;

/** The tool-cache folders of the installed tools (with their `.complete` markers), one entry each. */
export function toolchainEntries(toolFolders: Record<string, string>): CacheEntry[] {
  return Object.entries(toolFolders).map(([tool, folder]) => ({
    name: `${tool} (tool cache)`,
    key: `primatomic-tool-${tool}-${path.basename(path.dirname(folder))}-${PLATFORM}`,
    restoreKeys: [],
    paths: [folder, `${folder}.complete`],
  }));
}

/** The package manager's cache of the language: npm, pip, cargo (registry, git, target), Go (modules, build). */
export function languageEntries(language: LanguageId, workingDirectory: string, home = os.homedir()): CacheEntry[] {
  const entry = (name: string, lockfiles: string[], paths: string[]): CacheEntry => {
    const prefix = `primatomic-${name}-${PLATFORM}-`;
    return { name, key: `${prefix}${hashOf(workingDirectory, lockfiles)}`, restoreKeys: [prefix], paths };
  };
  switch (language) {
    case 'js':
    case 'ts':
      return [entry('npm', ['package-lock.json', 'package.json'], [path.join(home, '.npm')])];
    case 'python':
      return [entry('pip', ['requirements.txt', 'pyproject.toml'], [path.join(home, '.cache', 'pip')])];
    case 'rust': {
      const cargoHome = process.env.CARGO_HOME || path.join(home, '.cargo');
      return [entry('cargo', ['Cargo.lock', 'Cargo.toml'], [path.join(cargoHome, 'registry'), path.join(cargoHome, 'git'), path.join(workingDirectory, 'target')])];
    }
    case 'go':
      return [entry('go', ['go.sum', 'go.mod'], [process.env.GOMODCACHE || path.join(home, 'go', 'pkg', 'mod'), process.env.GOCACHE || path.join(home, '.cache', 'go-build')])];
  }
}

/** A short hash of the first lockfile that exists (or "none"), so that a changed lock makes a new entry. */
function hashOf(workingDirectory: string, lockfiles: string[]): string {
  const found = lockfiles.map((file) => path.join(workingDirectory, file)).find((file) => existsSync(file));
  return found ? createHash('sha256').update(readFileSync(found)).digest('hex').slice(0, 16) : 'none';
}

/**
 * Pull requests from forks must not write caches: their code is untrusted, and the cache is shared with the
 * base repository's branches.
 */
export function isForkPullRequest(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH) return false;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } };
    const head = event.pull_request?.head?.repo?.full_name;
    const base = event.pull_request?.base?.repo?.full_name;
    return head === undefined || head !== base;
  } catch {
    return true;
  }
}
