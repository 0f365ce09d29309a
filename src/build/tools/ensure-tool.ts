import path from 'node:path';
import { which } from '@actions/io';
import type { BuildContext } from '../build-context.ts';
import { currentPlatform } from './platform.ts';
import { installReleaseTool } from './release-installer.ts';
import type { ReleaseTool } from './release-tools.ts';

/**
 * A tool already on PATH is used as it is; otherwise it is installed from its release into the tool cache.
 * Returns the folder to put first on PATH for the build's commands (undefined when PATH already has it).
 */
export async function ensureReleaseTool(tool: ReleaseTool, version: string, context: BuildContext): Promise<{ executable: string; pathFolder: string | undefined; source: string }> {
  const onPath = await which(tool.name, false);
  if (onPath) return { executable: onPath, pathFolder: undefined, source: 'from PATH' };
  const { executable, cached } = await installReleaseTool({ tool, version, platform: currentPlatform(), ...context.downloads });
  return { executable, pathFolder: path.dirname(executable), source: `${version}${cached ? ' (tool cache)' : ' (downloaded)'}` };
}

/** PATH with these folders first. */
export function pathWith(folders: Array<string | undefined>): Record<string, string> {
  const extra = folders.filter((folder): folder is string => folder !== undefined);
  return extra.length === 0 ? {} : { PATH: [...extra, process.env.PATH ?? ''].join(path.delimiter) };
}
