/**
 * Restoring before the build (main step) and saving after the job (post step). A cache problem is a warning,
 * never a failure: the build then just installs and downloads again.
 */
import { existsSync, rmSync } from 'node:fs';
import * as core from '@actions/core';
import { type CacheEntry, whyNoCacheSave } from '../cache/cache-plan.ts';
import { print } from '../printer/printer.ts';
import { toolFolderChange } from '../toolchain/tool-cache.ts';

const STATE = 'primatomic-cache-entries';

interface SavedEntry extends CacheEntry {
  /** The key restored exactly: nothing new to save. */
  hit: boolean;
}

/**
 * @actions/cache and the Azure storage client it brings are most of the action's code: loaded only by a run that
 * restores or saves (a build), not by one that validates a component.
 */
const actionsCache = () => import('@actions/cache');

export async function restoreCaches(entries: CacheEntry[]): Promise<void> {
  const cache = await actionsCache();
  if (!cache.isFeatureAvailable()) {
    print.info('The cache service is not available here; toolchains are installed without it.');
    return;
  }
  const saved: SavedEntry[] = [];
  for (const entry of entries) {
    let restored: string | undefined;
    try {
      restored = await cache.restoreCache(entry.paths, entry.key, entry.restoreKeys);
      print.info(
        restored ? `Restored the ${entry.name} cache (${restored}).` : `No ${entry.name} cache yet (${entry.key}).`,
      );
    } catch (error) {
      print.warning(`Restoring the ${entry.name} cache failed (${(error as Error).message}); continuing without it.`);
    }
    const change = restored && entry.toolFolder ? toolFolderChange(entry.toolFolder) : undefined;
    if (change && entry.toolFolder) {
      // A restored tool runs in this job: one that is not what was installed (corrupted, or written by a poisoned
      // save) is removed, and installed again from its verified source.
      print.warning(`The restored ${entry.name} is not what was installed (${change}); it is installed again.`);
      rmSync(entry.toolFolder, { recursive: true, force: true });
      rmSync(`${entry.toolFolder}.complete`, { force: true });
    }
    saved.push({ ...entry, hit: restored === entry.key && !change });
  }
  core.saveState(STATE, JSON.stringify(saved));
}

/** The post step: saves what the main step restored, unless it was an exact hit or the run is a fork's PR. */
export async function saveCaches(): Promise<void> {
  const state = core.getState(STATE);
  if (!state) return;
  const cache = await actionsCache();
  const why = whyNoCacheSave();
  if (why) {
    print.info(`Not saving caches: ${why}.`);
    return;
  }
  for (const entry of JSON.parse(state) as SavedEntry[]) {
    // An exact hit has nothing new; a tool this run did not install (another source of it) has nothing at all.
    if (entry.hit || !entry.paths.some((folder) => existsSync(folder))) continue;
    try {
      // saveCache reports its own failures as warnings and returns -1 (or throws on bad input).
      const id = await cache.saveCache(entry.paths, entry.key);
      if (id !== -1) print.info(`Saved the ${entry.name} cache (${entry.key}).`);
    } catch (error) {
      print.warning(
        `Saving the ${entry.name} cache failed (${(error as Error).message}); the next job installs again.`,
      );
    }
  }
}
