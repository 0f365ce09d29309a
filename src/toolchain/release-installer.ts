/**
 * Installs a tool from its GitHub release (or a mirror of github.com): download, check the sha256 against the table
 * (or the user's), extract, keep in the tool cache. No GitHub API calls.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { byDoor } from '../kernel/door.ts';
import { BuildError } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import { runProcess } from '../kernel/process.ts';
import type { DownloadError } from '../net/download.ts';
import type { Platform } from './platform.ts';
import { RELEASE_CHECKSUMS } from './release-checksums.ts';
import type { ReleaseTool } from './release-tools.ts';
import { installInToolCache } from './tool-cache.ts';
import { TOOLS } from './tool-versions.ts';

export const GITHUB = 'https://github.com';

/**
 * How tools from GitHub releases are fetched: the `download-mirror`, `verify-checksums` and `tool-checksums` inputs.
 */
export interface DownloadSettings {
  /** A base URL that replaces https://github.com (GHES, air-gapped runners); it gets tool-cache entries of its own. */
  mirror: string | undefined;
  verifyChecksums: boolean;
  /** sha256 the user gave, by `tool@version`, for versions outside the table. */
  userChecksums: Record<string, string>;
  /** The most one download may take, retries included (DOWNLOAD_DEADLINE_MS unless a test shortens it). */
  deadlineMs?: number;
}

/** A download that trickles must not hold the job until GitHub's 6-hour limit: ten minutes, then it fails. */
export const DOWNLOAD_DEADLINE_MS = 10 * 60_000;

export interface ReleaseInstall {
  tool: ReleaseTool;
  version: string;
  platform: Platform;
  downloads: DownloadSettings;
  log: Log;
}

/** The sha256 a download must have: the user's (`tool-checksums`), else the table's; undefined when none is known. */
export function expectedChecksum(
  tool: ReleaseTool,
  version: string,
  platform: Platform,
  downloads: DownloadSettings,
): string | undefined {
  return downloads.userChecksums[`${tool.name}@${version}`] ?? RELEASE_CHECKSUMS[tool.name]?.[version]?.[platform.key];
}

export async function installReleaseTool(
  request: ReleaseInstall,
): Promise<{ executable: string; cached: boolean; url: string }> {
  const { tool, version, platform, downloads } = request;
  const table = RELEASE_CHECKSUMS[tool.name] ?? {};
  const expected = expectedChecksum(tool, version, platform, downloads);
  if (!expected && downloads.verifyChecksums) {
    const known = Object.entries(table)
      .filter(([, byPlatform]) => platform.key in byPlatform)
      .map(([v]) => v);
    throw new BuildError(
      `There is no known sha256 for ${tool.name} ${version} on ${platform.key}, so it was not downloaded.`,
      `${tool.name} ${version}`,
      '',
      `Give it in tool-checksums (${tool.name}@${version}=<sha256>), install ${tool.name} in an earlier step so ` +
        `that it is on PATH, use a version primatomic-view pins${known.length ? ` (${known.join(', ')})` : ''}, ` +
        'or set ' +
        'verify-checksums: false.',
    );
  }
  const url = `${downloadBase(downloads)}${tool.assetPath(version, platform)}`;
  const { folder, cached } = await installInToolCache(releaseCacheName(tool, downloads), version, async (folder) => {
    const scratch = mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'primatomic-download-'));
    const archive = path.join(scratch, path.basename(new URL(url).pathname) || 'download');
    try {
      await installFrom(archive, folder);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
  return { executable: path.join(folder, tool.executable(version, platform)), cached, url };

  async function installFrom(archive: string, folder: string): Promise<void> {
    let actual: string;
    try {
      // The network code (and node:http with it) is loaded by a run that downloads, not by every run.
      const { download } = await import('../net/download.ts');
      actual = (await download(new URL(url), archive, { deadlineMs: downloads.deadlineMs ?? DOWNLOAD_DEADLINE_MS }))
        .sha256;
    } catch (error) {
      throw downloadFailure(request, url, error);
    }
    if (expected && actual !== expected.toLowerCase()) {
      throw new BuildError(
        `The download of ${tool.name} ${version} from ${url} has sha256 ${actual}, not the expected ${expected}; ` +
          `it was not installed.`,
        `download ${url}`,
        '',
        'A truncated download, a wrong mirror, or a changed release: do not use it. Run the job again; if it ' +
          'persists, check the mirror.',
      );
    }
    if (!expected)
      request.log.warn(
        `${tool.name} ${version} from ${url} was not verified (verify-checksums: false); its sha256 is ${actual}.`,
      );
    try {
      const format = tool.format(platform);
      if (format === 'binary') {
        mkdirSync(path.dirname(path.join(folder, tool.executable(version, platform))), { recursive: true });
        copyFileSync(archive, path.join(folder, tool.executable(version, platform)));
      } else await extract(archive, folder, format);
    } catch (error) {
      throw new BuildError(
        `The ${tool.name} ${version} archive from ${url} could not be extracted: ` +
          `${(error as Error).message.split('\n')[0]}.`,
        `extract ${url}`,
        '',
      );
    }
    const executable = path.join(folder, tool.executable(version, platform));
    if (!existsSync(executable)) {
      throw new BuildError(
        `The ${tool.name} ${version} archive from ${url} has no ${tool.executable(version, platform)}.`,
        `extract ${url}`,
        '',
      );
    }
    if (platform.os !== 'windows') chmodSync(executable, 0o755);
  }
}

/**
 * Unpacks an archive with the runner's own tools: tar for .tar.gz everywhere; for .zip, Windows' tar (bsdtar, which
 * reads zip) and unzip elsewhere.
 */
async function extract(archive: string, folder: string, format: 'tar.gz' | 'zip'): Promise<void> {
  const [command, args] =
    format === 'tar.gz'
      ? ['tar', ['-xzf', archive, '-C', folder]]
      : process.platform === 'win32'
        ? ['tar', ['-xf', archive, '-C', folder]]
        : ['unzip', ['-q', '-o', archive, '-d', folder]];
  const result = await runProcess({ command, args: args as string[], cwd: folder, timeoutMs: 5 * 60_000 });
  if (result.exitCode !== 0) throw new Error(result.output.trim().split('\n').at(-1) || `${command} failed`);
}

function downloadBase(downloads: DownloadSettings): string {
  return (downloads.mirror ?? GITHUB).replace(/\/+$/, '');
}

/** The tool-cache name of a release tool: a mirror's downloads are kept apart from github.com's. */
export function releaseCacheName(tool: ReleaseTool, downloads: DownloadSettings): string {
  if (!downloads.mirror) return tool.name;
  return `${tool.name}-mirror-${createHash('sha256').update(downloadBase(downloads)).digest('hex').slice(0, 12)}`;
}

/** A download that failed, with its likely cause and the ways around it: a mirror, the tool on PATH, a version. */
function downloadFailure({ tool, version, downloads }: ReleaseInstall, url: string, error: unknown): BuildError {
  const versionInput = TOOLS[tool.id].input;
  const failed = error instanceof Error && error.name === 'DownloadError' ? (error as DownloadError) : undefined;
  const status = failed?.code === 'HTTP' ? failed.status : undefined;
  const code = (error as NodeJS.ErrnoException).code;
  const host = new URL(url).host;
  const onPath = byDoor({
    action: `install ${tool.name} in an earlier step so that it is on PATH`,
    cli: `put ${tool.name} on PATH`,
  });
  if (status === 404) {
    const mirror = downloads.mirror ? ' and that the mirror holds this release' : '';
    return new BuildError(
      `${tool.name} ${version} is not at ${url} (404).`,
      `download ${url}`,
      '',
      `Check the version (${versionInput})${mirror}, or ${onPath}.`,
    );
  }
  const unreachable = code && ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code);
  const why =
    code === 'EDEADLINE'
      ? `${host} is too slow: ${(error as Error).message}`
      : unreachable
        ? `${host} could not be reached (${code})`
        : status
          ? `${host} answered ${status}`
          : (error as Error).message;
  const hint = downloads.mirror
    ? `Check that download-mirror (${downloads.mirror}) is up and reachable from the runner, or ${onPath}.`
    : byDoor({
        action:
          'On GitHub Enterprise Server or a runner without access to github.com, set download-mirror to a server ' +
          `that mirrors github.com's release downloads, or ${onPath}.`,
        cli:
          'Without access to github.com, give --download-mirror a server that mirrors its release downloads, or ' +
          `${onPath}.`,
      });
  return new BuildError(`Downloading ${tool.name} ${version} from ${url} failed: ${why}.`, `download ${url}`, '', hint);
}
