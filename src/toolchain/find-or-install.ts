import path from 'node:path';
import { BuildError } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import { which } from '../kernel/process.ts';
import { currentPlatform } from './platform.ts';
import { type DownloadSettings, installReleaseTool } from './release-installer.ts';
import { type ReleaseTool, WASM_TOOLS } from './release-tools.ts';

export interface FoundTool {
  executable: string;
  /** The folder to put first on PATH for the build's commands (undefined when PATH already has it). */
  pathFolder: string | undefined;
  /** Where it came from, for the summary: `from PATH`, `1.257.1 (tool cache)`. */
  source: string;
}

/** A tool already on PATH is used as it is; otherwise it is installed from its release into the tool cache. */
export async function findOrInstall(
  tool: ReleaseTool,
  version: string,
  downloads: DownloadSettings,
  log: Log,
): Promise<FoundTool> {
  const onPath = which(tool.name);
  if (onPath) return { executable: onPath, pathFolder: undefined, source: 'from PATH' };
  const { executable, cached } = await installReleaseTool({
    tool,
    version,
    platform: currentPlatform(),
    downloads,
    log,
  }).catch((error: unknown) => {
    // A release that cannot be had (no checksum, no network, a bad archive) is the tool's failure, not the view's.
    throw error instanceof BuildError ? error.byTool() : error;
  });
  return {
    executable,
    pathFolder: path.dirname(executable),
    source: `${version}${cached ? ' (tool cache)' : ' (downloaded)'}`,
  };
}

/**
 * A native wasm-tools to make components with: the one validation uses (PATH, the tool cache, or its pinned release,
 * which validation would download anyway); undefined when it cannot be had, and jco's makes them in-process.
 */
export async function wasmToolsForBuild(
  version: string,
  downloads: DownloadSettings,
  log: Log,
): Promise<FoundTool | undefined> {
  try {
    return await findOrInstall(WASM_TOOLS, version, downloads, log);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    log.info(`No native wasm-tools (${error.message}); the component is made in-process with jco's.`);
    return undefined;
  }
}

/** PATH with these folders first. */
export function pathWith(folders: Array<string | undefined>): Record<string, string> {
  const extra = folders.filter((folder): folder is string => folder !== undefined);
  return extra.length === 0 ? {} : { PATH: [...extra, process.env.PATH ?? ''].join(path.delimiter) };
}
