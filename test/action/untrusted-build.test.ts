/**
 * The build runs the repository's code (npm and pip installs, cargo build scripts, build-command, the view itself in
 * the conformance test), and the repository may be an attacker's pull request: what that code can reach, read and
 * print, run through the bundled action as a runner runs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { copyOfAction, runAction, TEST_TOOL_CACHE } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

let actionDir: string;
before(() => {
  actionDir = copyOfAction();
});

const TOKEN = 'pr-cannot-see-this-4f2a9e';
/** What the runner gives the action's process and never a `run:` step. */
const RUNNER_SECRETS = {
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-77a1',
  ACTIONS_RUNTIME_URL: 'https://pipelines.example/runtime',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-5c3b',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/token',
};

describe('the secret and the runner credentials', () => {
  it('never reach a build step: the environment it gets has no input and no runner credential', async () => {
    const cwd = tempDir('primatomic-untrusted-');
    writeIn(cwd, 'prebuilt.wasm', await fixtures.valid());
    writeIn(cwd, 'package.json', '{ "name": "view", "main": "view.js" }');
    const run = await runAction(
      {
        'build-command': 'env > seen-env.txt; cp prebuilt.wasm view.wasm',
        output: 'view.wasm',
        deploy: 'auto',
        'api-token': TOKEN,
        'log-id': '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
        'api-url': 'http://127.0.0.1:9',
        conformance: 'false',
      },
      { actionDir, cwd, env: RUNNER_SECRETS },
    );
    const seen = readFileSync(path.join(cwd, 'seen-env.txt'), 'utf8');
    assert.match(seen, /^PATH=/m, `the build ran and saw an environment\n${run.stdout}`);
    assert.ok(!seen.includes(TOKEN), 'the token');
    assert.doesNotMatch(seen, /^INPUT_/m, 'no input at all');
    for (const [name, value] of Object.entries(RUNNER_SECRETS)) {
      assert.ok(!seen.includes(value), name);
    }
  });
});

describe("a mirror's credentials", () => {
  it('are masked wherever the mirror is named: warnings, hints, the summary', async () => {
    const server = createServer((_request, response) => response.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const password = 'hunter2-mirror-pw-93e1';
    try {
      const cwd = tempDir('primatomic-mirror-');
      writeIn(cwd, 'view.wasm', await fixtures.valid());
      // No wasm-tools on PATH and an empty tool cache: the validator comes from the mirror, which has none.
      const PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.includes('wasm-tools'));
      const run = await runAction(
        { component: 'view.wasm', 'download-mirror': `http://mirror-user:${password}@127.0.0.1:${port}/` },
        { actionDir, cwd, env: { PATH: PATH.join(path.delimiter), RUNNER_TOOL_CACHE: tempDir('primatomic-cache-') } },
      );
      assert.match(
        run.stdout,
        /::warning .*wasm-tools [\d.]+ is not at http:\/\/\*\*\*@127\.0\.0\.1:\d+\/.* \(404\)/,
        run.stdout,
      );
      assert.ok(run.stdout.includes(`::add-mask::${password}`), 'the runner is told to mask it');
      const printed = [run.stdout, run.stderr, run.summary]
        .join('\n')
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'));
      assert.deepEqual(
        printed.filter((line) => line.includes(password) || line.includes('mirror-user:')),
        [],
      );
    } finally {
      server.close();
    }
  });
});

describe('a build that never ends', () => {
  it('is stopped at build-step-timeout with what it started, and the message names the step', {
    skip: process.platform === 'win32' && 'pgrep',
  }, async () => {
    const cwd = tempDir('primatomic-loops-');
    writeIn(cwd, 'package.json', '{ "name": "loops", "type": "module", "main": "view.js" }');
    // Top-level code runs once, inside componentize's snapshot (wizer): it never returns.
    writeIn(
      cwd,
      'view.js',
      'while (true) {}\nexport const machine = { init() {}, append() {}, query() { return new Uint8Array(); }, ' +
        'snapshot() { return new Uint8Array(); }, restore() {} };\n',
    );
    const started = performance.now();
    const run = await runAction(
      { 'build-step-timeout': '8', conformance: 'false' },
      { actionDir, cwd, env: { RUNNER_TOOL_CACHE: TEST_TOOL_CACHE } },
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(run.code, 1);
    assert.match(run.stdout, /::error .*did not finish within 8 s, so it was stopped with what it started/);
    assert.ok(seconds < 60, `the run ended after ${seconds.toFixed(0)} s`);
    const left = spawnSync('pgrep', ['-f', cwd], { encoding: 'utf8' }).stdout.trim();
    assert.equal(left, '', 'nothing of the build is left running');
  });
});

describe('files the repository names', { skip: process.platform === 'win32' && 'symlinks into /proc' }, () => {
  it('a sample file that leads to /proc/self/environ is refused: the environment never becomes events', async () => {
    const cwd = tempDir('primatomic-environ-');
    writeIn(cwd, 'view.wasm', await fixtures.valid());
    mkdirSync(path.join(cwd, 'test'));
    symlinkSync('/proc/self/environ', path.join(cwd, 'test/events.ndjson'));
    const run = await runAction({ component: 'view.wasm' }, { actionDir, cwd, env: { PRIMATOMIC_MARKER: TOKEN } });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /::error title=Primatomic input test-events::.*events\.ndjson" leads to \/proc\/\d+\/environ, a file of the system \(\/proc\), not of the repository/,
    );
    assert.ok(![run.stdout, run.summary].join('\n').includes(TOKEN), 'nothing of the environment is shown');
    assert.match(run.outputs['component-sha256'] ?? '', /^[0-9a-f]{64}$/, 'validation still ran');
  });

  it('a manifest that leads to /dev/zero is refused before it is read', async () => {
    const cwd = tempDir('primatomic-zero-');
    symlinkSync('/dev/zero', path.join(cwd, 'package.json'));
    writeIn(cwd, 'view.js', '');
    const run = await runAction({}, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /::error title=Primatomic input working-directory::.*package\.json" leads to \/dev\/zero, a file of the system \(\/dev\)/,
    );
  });

  it("an event over Primatomic's 1 MB is an error on its line; the other stages still run", async () => {
    const cwd = tempDir('primatomic-big-event-');
    writeIn(cwd, 'view.wasm', await fixtures.valid());
    writeIn(cwd, 'events.ndjson', `{"inc":1}\n"${'x'.repeat(2_000_000)}"\n`);
    const run = await runAction({ component: 'view.wasm', 'test-events': 'events.ndjson' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /::error title=Primatomic input test-events,file=events\.ndjson,line=2::.*line 2 of .* is 2\.0 MB \(2000002 bytes\): Primatomic appends events of at most 1\.0 MB/,
    );
    assert.match(run.outputs['component-sha256'] ?? '', /^[0-9a-f]{64}$/, 'validation still ran');
  });
});

describe('the upload', () => {
  it('is the bytes that were validated and tested, even when the file is swapped on disk meanwhile', async () => {
    const emulator = await Emulator.start({ tokens: [TOKEN] });
    try {
      const cwd = tempDir('primatomic-swap-');
      writeIn(cwd, 'view.wasm', await fixtures.valid());
      const other = await fixtures.wrongSignature();
      const logId = emulator.createLog('swap');
      const run = await runAction(
        {
          component: 'view.wasm',
          deploy: 'true',
          'api-url': emulator.url,
          'api-token': TOKEN,
          'log-id': logId,
          'view-name': 'swapped',
        },
        {
          actionDir,
          cwd,
          // While the contract is tested, another process (a later step, a build's background job) swaps the file.
          whenOutput: { output: /::group::Test the view's contract/, run: () => writeIn(cwd, 'view.wasm', other) },
        },
      );
      assert.equal(run.code, 0, run.stdout);
      const [deployed] = emulator.requests.filter(
        (request) => request.route === 'deploy' && request.path.includes(logId),
      );
      assert.equal(deployed?.bodySha256, run.outputs['component-sha256']);
      assert.notEqual(deployed?.bodySha256, createHash('sha256').update(other).digest('hex'));
    } finally {
      await emulator.close();
    }
  });
});
