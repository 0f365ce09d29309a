import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tc from '@actions/tool-cache';

/**
 * A tool installed straight into the runner's tool cache (the layout `@actions/tool-cache` finds), so that it is
 * installed once per runner. Installing in place, not copying: Python virtual environments are not relocatable,
 * and the JS toolchain is 350 MB.
 */
export async function installInToolCache(
  tool: string,
  version: string,
  install: (folder: string) => Promise<void>,
): Promise<{ folder: string; cached: boolean }> {
  toolCacheRoot(); // tool-cache needs RUNNER_TOOL_CACHE, which only runners set
  const found = tc.find(tool, version, os.arch());
  if (found) return { folder: found, cached: true };
  const folder = toolCacheFolder(tool, version);
  rmSync(folder, { recursive: true, force: true });
  rmSync(`${folder}.complete`, { force: true });
  mkdirSync(folder, { recursive: true });
  try {
    await install(folder);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(`${folder}.complete`, '');
  return { folder, cached: false };
}

/** Where a tool's version is (or will be) in the tool cache; `<folder>.complete` marks it finished. */
export function toolCacheFolder(tool: string, version: string): string {
  return path.join(toolCacheRoot(), tool, version, os.arch());
}

/**
 * RUNNER_TOOL_CACHE (and RUNNER_TEMP, for downloads) on runners; folders in the temp dir elsewhere (local runs, tests).
 */
export function toolCacheRoot(): string {
  process.env.RUNNER_TOOL_CACHE ||= path.join(os.tmpdir(), 'primatomic-tool-cache');
  process.env.RUNNER_TEMP ||= path.join(os.tmpdir(), 'primatomic-runner-temp');
  for (const folder of [process.env.RUNNER_TOOL_CACHE, process.env.RUNNER_TEMP]) {
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
  }
  return process.env.RUNNER_TOOL_CACHE;
}
