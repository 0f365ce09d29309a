import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { childEnvironment, OUTPUT_LIMIT, runProcess, StartError } from '../../src/kernel/process.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { tempDir } from '../support/tmp.ts';

const node = (script: string) => ({ command: process.execPath, args: ['-e', script], cwd: tempDir() });

describe('running a process', () => {
  it('streams whole lines, keeps stdout for answers, and reports the exit code', async () => {
    const lines: string[] = [];
    const result = await runProcess({
      ...node('process.stdout.write("a\\nb"); process.stderr.write("c\\r\\n"); process.exit(3)'),
      onLine: (line) => lines.push(line),
    });
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, 'a\nb');
    assert.deepEqual(lines.sort(), ['a', 'b', 'c']);
  });

  it("keeps the head and the tail of a flood, in bounded memory, and the flood's last words", async () => {
    const result = await runProcess(
      node(
        `const block = 'x'.repeat(1 << 20); for (let i = 0; i < 40; i++) process.stdout.write(block);
         process.stdout.write('\\npanic: the last words\\n');`,
      ),
    );
    assert.equal(result.exitCode, 0);
    assert.ok(result.output.length < OUTPUT_LIMIT + 200, String(result.output.length));
    assert.match(result.output, /\[… \d+ characters of output left out …\]/);
    assert.match(result.output, /panic: the last words\n$/);
  });

  it('takes 600 MB on one line (no newline): streamed in cut pieces, kept bounded, nothing held whole', async () => {
    let pieces = 0;
    let longest = 0;
    const result = await runProcess({
      ...node(
        `const block = 'y'.repeat(4 << 20); for (let i = 0; i < 150; i++) process.stdout.write(block);
         process.stdout.write('\\nerror: the last words\\n');`,
      ),
      onLine: (line) => {
        pieces++;
        longest = Math.max(longest, line.length);
      },
    });
    assert.equal(result.exitCode, 0);
    assert.ok(pieces >= 150, `${pieces} pieces`);
    assert.ok(longest <= (64 << 10) + 4, `a piece of ${longest} characters`);
    assert.ok(result.output.length < OUTPUT_LIMIT + 200 && result.stdout.length < OUTPUT_LIMIT + 200);
    assert.match(result.output, /error: the last words\n$/);
  });

  it('cuts a long line that its newline ends, when it came in two chunks', async () => {
    const lines: string[] = [];
    await runProcess({
      ...node(
        `process.stdout.write('a'.repeat(60 << 10));
         setTimeout(() => process.stdout.write('b'.repeat(60 << 10) + '\\nshort\\n'), 100);`,
      ),
      onLine: (line) => lines.push(line),
    });
    assert.equal(lines.length, 2, String(lines.map((line) => line.length)));
    assert.equal(lines[0], `${'a'.repeat(60 << 10)}${'b'.repeat(4 << 10)} […]`);
    assert.equal(lines[1], 'short');
  });

  it('ends a process that passes its deadline, with what it started', { skip: POSIX_ONLY }, async () => {
    const started = Date.now();
    const result = await runProcess({
      command: 'bash',
      args: ['-c', 'sleep 30 & sleep 30; wait'],
      cwd: tempDir(),
      timeoutMs: 300,
    });
    assert.ok(result.timedOut);
    assert.equal(result.exitCode, null);
    assert.ok(Date.now() - started < 5000);
  });

  it('ends what a process left running in the background when it exits', { skip: POSIX_ONLY }, async () => {
    const started = Date.now();
    const result = await runProcess({ command: 'bash', args: ['-c', 'sleep 31.4159 & echo started'], cwd: tempDir() });
    assert.equal(result.exitCode, 0);
    assert.ok(Date.now() - started < 5000, 'the background sleep, holding the output open, did not hold the run');
    const left = spawnSync('pgrep', ['-f', 'sleep 31.4159'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(left, '');
  });

  it('gives a child no input and no runner credential, whatever it is told to add', () => {
    const env = childEnvironment(
      {
        PATH: '/bin',
        'INPUT_API-TOKEN': 'secret',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
        HOME: '/h',
      },
      { GOOS: 'wasip1' },
    );
    assert.deepEqual(env, { PATH: '/bin', HOME: '/h', GOOS: 'wasip1' });
  });

  it('removes the variables it is told to from the child environment', async () => {
    process.env.PRIMATOMIC_TEST_SECRET = 'shh';
    try {
      const result = await runProcess({
        ...node('process.stdout.write(String(process.env.PRIMATOMIC_TEST_SECRET))'),
        env: { PRIMATOMIC_TEST_SECRET: undefined },
      });
      assert.equal(result.stdout, 'undefined');
    } finally {
      delete process.env.PRIMATOMIC_TEST_SECRET;
    }
  });

  it('says when the command cannot be started', async () => {
    await assert.rejects(
      runProcess({ command: 'no-such-command-here', args: [], cwd: tempDir() }),
      (error: unknown) => error instanceof StartError && error.code === 'ENOENT',
    );
  });
});
