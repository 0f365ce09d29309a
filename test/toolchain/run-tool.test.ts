import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildError } from '../../src/kernel/errors.ts';
import { runTool, toolOutput } from '../../src/toolchain/run-tool.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { tempDir } from '../support/tmp.ts';

describe('installing tools', () => {
  it('stops an install that hangs, and says so', { skip: POSIX_ONLY }, async () => {
    await assert.rejects(
      runTool('Installing a stand-in', 'sleep', ['30'], tempDir(), 300),
      (error) =>
        error instanceof BuildError &&
        /did not finish within .* minutes and was stopped/.test(error.message) &&
        /network access/.test(error.hint ?? ''),
    );
  });

  it('names a missing installer', async () => {
    await assert.rejects(
      runTool('Installing', 'no-such-installer-here', [], tempDir()),
      /no-such-installer-here is not on PATH/,
    );
  });

  it('gives the exit code, the output and what to do when a command fails', { skip: POSIX_ONLY }, async () => {
    const run = { title: 'Reading', command: 'sh', args: ['-c', 'echo broken >&2; exit 3'], cwd: tempDir() };
    await assert.rejects(
      toolOutput({ ...run, hint: 'Check the manifest.' }),
      (error) =>
        error instanceof BuildError &&
        error.message === 'Reading failed (exit code 3).' &&
        /broken/.test(error.output) &&
        error.hint === 'Check the manifest.',
    );
  });
});
