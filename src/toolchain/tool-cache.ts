import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuildError } from '../kernel/errors.ts';

/** How tools may be installed: `offline` (the CLI's --offline) uses only what the tool cache has. */
export const toolInstalls = { offline: false };

/** How long an install waits for another process installing the same tool version before it gives up. */
const LOCK_WAIT_MS = 30 * 60_000;
/** A lock older than this is left from a crash whatever its process id says (the longest install is far shorter). */
const LOCK_STALE_MS = 60 * 60_000;

/**
 * A tool installed straight into the runner's tool cache (the layout `@actions/tool-cache` finds), so that it is
 * installed once per runner. Installing in place, not copying: Python virtual environments are not relocatable,
 * and the JS toolchain is 350 MB. One process at a time installs a given version: jobs that run side by side on
 * one machine (self-hosted runners sharing a tool cache, act) would otherwise install into the same folder at once.
 */
export async function installInToolCache(
  tool: string,
  version: string,
  install: (folder: string) => Promise<void>,
): Promise<{ folder: string; cached: boolean }> {
  const found = findInToolCache(tool, version);
  if (found) return { folder: found, cached: true };
  if (toolInstalls.offline) {
    throw new BuildError(
      `${tool} ${version} is not in the tool cache (${toolCacheRoot()}), and --offline allows no install.`,
      `install ${tool} ${version}`,
      '',
      'Run once without --offline to install it into the cache, or put the tool on PATH.',
    ).byTool();
  }
  const folder = toolCacheFolder(tool, version);
  return holdingLock(`${folder}.lock`, `${tool} ${version}`, async () => {
    const installed = findInToolCache(tool, version); // by the process that held the lock before us
    if (installed) return { folder: installed, cached: true };
    rmSync(folder, { recursive: true, force: true });
    rmSync(`${folder}.complete`, { force: true });
    mkdirSync(folder, { recursive: true });
    try {
      await install(folder);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    writeFileSync(`${folder}.complete`, manifestOf(folder));
    return { folder, cached: false };
  });
}

/** Runs `work` holding a lock file that names this process; a lock whose process is gone is taken over. */
async function holdingLock<T>(lock: string, what: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(lock), { recursive: true });
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > giveUpAt) {
        throw new Error(
          `Another process has been installing ${what} into the tool cache for ${LOCK_WAIT_MS / 60_000} minutes ` +
            `(lock file ${lock}); if no job is installing it, delete the lock file`,
        );
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (!Number.isSafeInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ESRCH: no such process. EPERM: it exists (another user's). ENOENT: released meanwhile, try again.
    return code === 'ESRCH' || code === 'ENOENT';
  }
}

/**
 * What `<folder>.complete` records of an install: each of its files with its sha256 (a symlink with its target), so
 * that a copy of the folder restored from the Actions cache can be checked against what was installed.
 */
function manifestOf(folder: string): string {
  const files: Record<string, string> = {};
  for (const [relative, content] of filesOf(folder)) files[relative] = content;
  return `${JSON.stringify({ files })}\n`;
}

/** Each file under the folder (relative, with / between names) with its sha256, or `link:<target>` for a symlink. */
function* filesOf(folder: string): Generator<[string, string]> {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(folder, full).split(path.sep).join('/');
    if (entry.isSymbolicLink()) yield [relative, `link:${readlinkSync(full)}`];
    else if (entry.isFile()) yield [relative, createHash('sha256').update(readFileSync(full)).digest('hex')];
  }
}

/** Python writes bytecode beside the modules it imports; such a file is not a change of the install. */
const BYTECODE = /(^|\/)__pycache__\/[^/]+\.pyc$/;

/**
 * Whether the tool folder is what its install recorded: undefined when every file is there with its sha256 and no
 * other file has appeared (bytecode aside), else what differs first. A folder without a record is a difference.
 */
export function toolFolderChange(folder: string): string | undefined {
  let recorded: Record<string, string>;
  try {
    recorded = (JSON.parse(readFileSync(`${folder}.complete`, 'utf8')) as { files: Record<string, string> }).files;
  } catch {
    return 'it has no record of its install';
  }
  if (!existsSync(folder)) return 'the folder is missing';
  const seen = new Set<string>();
  for (const [relative, content] of filesOf(folder)) {
    seen.add(relative);
    if (recorded[relative] === undefined) {
      if (BYTECODE.test(relative)) continue;
      return `${relative} was not installed`;
    }
    if (recorded[relative] !== content) return `${relative} differs from what was installed`;
  }
  const missing = Object.keys(recorded).find((relative) => !seen.has(relative));
  return missing ? `${missing} is missing` : undefined;
}

/** A tool's version in the tool cache when it was installed whole (its `.complete` marker is there). */
export function findInToolCache(tool: string, version: string): string | undefined {
  const folder = toolCacheFolder(tool, version);
  return existsSync(folder) && existsSync(`${folder}.complete`) ? folder : undefined;
}

/** Where a tool's version is (or will be) in the tool cache; `<folder>.complete` marks it finished. */
export function toolCacheFolder(tool: string, version: string): string {
  return path.join(toolCacheRoot(), tool, version, os.arch());
}

/** A folder of the action's own beside the tools, for what a build keeps between runs (the Go build's caches). */
export function ownCacheFolder(name: string): string {
  return path.join(toolCacheRoot(), 'primatomic-caches', name, os.arch());
}

/**
 * The tool cache: RUNNER_TOOL_CACHE on runners (the layout @actions/tool-cache uses, so that other actions' tools
 * and ours live side by side), else a folder of the user's cache, kept between runs: $XDG_CACHE_HOME (or
 * ~/.cache) on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows.
 */
export function toolCacheRoot(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const root = env.RUNNER_TOOL_CACHE || path.join(userCacheHome(env, platform), 'primatomic-view', 'tools');
  if (!existsSync(root)) mkdirSync(root, { recursive: true });
  return root;
}

/** The user's cache folder, as each OS has it. */
export function userCacheHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  if (platform === 'win32') return env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches');
  return env.XDG_CACHE_HOME || path.join(home, '.cache');
}
