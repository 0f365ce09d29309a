import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { installInToolCache, toolCacheFolder } from '../../src/toolchain/tool-cache.ts';
import { tempDir } from '../support/tmp.ts';

describe('installing into the tool cache', () => {
  it('installs a version once when two jobs on one machine ask for it at the same time', async () => {
    process.env.RUNNER_TOOL_CACHE = tempDir();
    const installs: string[] = [];
    const install = async (folder: string) => {
      installs.push(folder);
      await sleep(300);
      writeFileSync(path.join(folder, 'tool'), 'installed');
    };
    const [first, second] = await Promise.all([
      installInToolCache('lock-test', '1.0.0', install),
      installInToolCache('lock-test', '1.0.0', install),
    ]);
    assert.equal(installs.length, 1);
    assert.equal(first.folder, second.folder);
    assert.deepEqual([first.cached, second.cached].sort(), [false, true]);
  });

  it('takes over a lock left by a process that is gone', async () => {
    process.env.RUNNER_TOOL_CACHE = tempDir();
    const folder = toolCacheFolder('lock-test', '2.0.0');
    mkdirSync(path.dirname(folder), { recursive: true });
    writeFileSync(`${folder}.lock`, '2147483646\n'); // no such process
    const started = Date.now();
    const { cached } = await installInToolCache('lock-test', '2.0.0', async () => {});
    assert.equal(cached, false);
    assert.ok(Date.now() - started < 2000);
  });
});
