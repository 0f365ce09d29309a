/**
 * What the build saves between jobs with @actions/cache (hosted runners start with an empty tool cache): the
 * installed toolchain, and what the language's build keeps (Go's and cargo's compiled code and downloaded
 * dependencies), each under a key of tool, version (or lockfile), OS and arch. Only what makes the next run faster:
 * the action installs no project dependencies, so npm's and pip's caches would add hundreds of MB for nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { CacheMachine, Language } from '../languages/language.ts';
import type { Project } from '../languages/project.ts';
import { askTool } from '../toolchain/run-tool.ts';
import { toolCacheFolder } from '../toolchain/tool-cache.ts';

export interface CacheEntry {
  /** What it holds, for the log. */
  name: string;
  key: string;
  /** Keys that may restore an older copy (a changed lockfile still shares most dependencies). */
  restoreKeys: string[];
  paths: string[];
  /** For an installed tool: its folder, checked against the record of its install once restored. */
  toolFolder?: string;
}

const PLATFORM = `${process.platform}-${process.arch}`;

/** The caches of a build: the tool-cache folders of its tools, then what its language's build keeps. */
export async function cachePlan(
  language: Language,
  tools: Array<[tool: string, version: string]>,
  project: Project,
): Promise<CacheEntry[]> {
  return [...toolchainEntries(tools), ...(await languageEntries(language, project))];
}

/**
 * This machine, for finding caches. Compilers are asked their version from a neutral folder, never the project's:
 * asking for a fact must not run the repository's code (a `pip/` folder on Python's module path, a toolchain that a
 * go.mod or rust-toolchain.toml names), which only the build itself may do.
 */
export const THIS_MACHINE: CacheMachine = {
  home: os.homedir(),
  env: process.env,
  ask: (command, args) => askTool(command, args, os.tmpdir()),
};

/** The tool-cache folders of the installed tools (with their `.complete` markers), one entry each. */
export function toolchainEntries(tools: Array<[tool: string, version: string]>): CacheEntry[] {
  return tools.map(([tool, version]) => {
    const folder = toolCacheFolder(tool, version);
    return {
      name: `${tool} (tool cache)`,
      key: `primatomic-tool-v2-${tool}-${version}-${PLATFORM}`,
      restoreKeys: [],
      paths: [folder, `${folder}.complete`],
      toolFolder: folder,
    };
  });
}

/**
 * What the language's build keeps (cargo, Go), keyed by its compiler's version and the first lockfile found;
 * older ones restore by prefix.
 */
export async function languageEntries(
  language: Language,
  project: Project,
  machine: CacheMachine = THIS_MACHINE,
): Promise<CacheEntry[]> {
  return (await (language.caches?.(project, machine) ?? [])).map(({ name, lockfiles, paths, compiler }) => {
    const prefix = `primatomic-${name}-${PLATFORM}-`;
    return { name, key: `${prefix}${hashOf(project, lockfiles, compiler)}`, restoreKeys: [prefix], paths };
  });
}

/** A short hash of the compiler and the first lockfile that exists, so that a change of either makes a new entry. */
function hashOf(project: Project, lockfiles: string[], compiler = ''): string {
  const found = lockfiles.map((file) => project.path(file)).find((file) => existsSync(file));
  const hash = createHash('sha256').update(`${compiler}\n`);
  if (found) hash.update(readFileSync(found));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Why this run must save no cache, or undefined when it may. The cache is shared with the base repository's
 * branches: a pull request from a fork, and the events that run with the base repository's scope while building a
 * pull request's code (`pull_request_target`, `workflow_run`, `issue_comment`), could poison what the default
 * branch restores and runs.
 */
export function whyNoCacheSave(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (['pull_request_target', 'workflow_run', 'issue_comment'].includes(event)) {
    return `a ${event} run builds code it may not trust with the base repository's cache scope`;
  }
  return isForkPullRequest(env) ? 'a pull request from a fork' : undefined;
}

/**
 * Pull requests from forks must not write caches: their code is untrusted, and the cache is shared with the
 * base repository's branches.
 */
export function isForkPullRequest(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH) return false;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } };
    };
    const head = event.pull_request?.head?.repo?.full_name;
    const base = event.pull_request?.base?.repo?.full_name;
    return head === undefined || head !== base;
  } catch {
    return true;
  }
}
