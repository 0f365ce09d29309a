/**
 * The CLI as its users run it: packed by npm, installed from the tarball into an empty folder, started with
 * `npx primatomic-view`, on every example and on a new project of every language; its exit codes, its reports for
 * machines, where it keeps its tools, and the token, which it never takes as an argument.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { debianRust, example, RUST_ENV } from '../support/examples.ts';
import { ROOT, TEST_TOOL_CACHE } from '../support/run-action.ts';
import { type CliRun, installedPackage, node22, runCli } from '../support/run-cli.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

const RUST_TARGET = path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-target');
const envFor = (language: string) =>
  language === 'rust' ? { ...RUST_ENV, CARGO_TARGET_DIR: RUST_TARGET } : { RUNNER_TOOL_CACHE: TEST_TOOL_CACHE };
const LANGUAGES = ['js', 'ts', 'python', 'go', 'rust'];
const needsRust = (language: string) =>
  language === 'rust' && !debianRust && 'needs Debian rustc-web, cargo-web, rust-web-src, lld and wasi-libc';

let npx: string[];
before(() => {
  npx = installedPackage().npx;
});

const said = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

describe('npx primatomic-view, installed from the packed tarball', () => {
  for (const language of LANGUAGES) {
    it(`checks examples/${language}: built, valid, its contract held`, { skip: needsRust(language) }, async () => {
      const run = await runCli(['check'], { cwd: example(language), env: envFor(language), command: npx });
      assert.equal(run.code, 0, said(run));
      assert.match(
        run.stdout,
        new RegExp(
          '✔ build: passed — \\w+, build/view\\.wasm\n' +
            '✔ validation: passed — [\\d.]+ [KM]B, imports nothing, sha256 [0-9a-f]{12}…\n' +
            '✔ conformance: passed — 3 events, \\d+ quer(y|ies) \\(\\d+ with the expected answer\\)\n' +
            'Every check held\\.',
        ),
      );
    });
  }

  for (const language of LANGUAGES) {
    it(`writes a new ${language} project with init, which check passes at once`, {
      skip: needsRust(language),
    }, async () => {
      const parent = tempDir('primatomic-init-');
      const init = await runCli(['init', language, 'tally'], { cwd: parent, command: npx });
      assert.equal(init.code, 0, said(init));
      assert.match(init.stdout, /Check it: npx primatomic-view check --working-directory tally/);
      const check = await runCli(['check', '--working-directory', 'tally'], {
        cwd: parent,
        env: envFor(language),
        command: npx,
      });
      assert.equal(check.code, 0, said(check));
      assert.match(check.stdout, /Every check held\./);
    });
  }
});

describe('the README', () => {
  /** What varies from run to run: times and digests. */
  const steady = (text: string) =>
    text.replace(/\(\d+\.\d s\)/g, '(<time>)').replace(/sha256 [0-9a-f]{12}…/g, 'sha256 <sha>…');

  it('shows init and check as they print', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = /## On your machine[\s\S]*?```console\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const [initShown, checkShown] = shown.split(/^\$ .*\n/m).filter(Boolean);
    const parent = tempDir('primatomic-readme-');
    const init = await runCli(['init', 'ts', 'counter'], { cwd: parent, command: npx });
    const check = await runCli(['check'], { cwd: path.join(parent, 'counter'), env: envFor('ts'), command: npx });
    assert.equal(check.code, 0, said(check));
    assert.equal(init.stdout, initShown);
    assert.equal(steady(check.stdout), steady(checkShown ?? ''));
  });
});

describe('exit codes', () => {
  it('0 when every check held, 1 when a check failed', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    writeIn(dir, 'core.wasm', await fixtures.coreModule());
    assert.equal((await runCli(['validate', 'view.wasm'], { cwd: dir })).code, 0);
    const failed = await runCli(['validate', 'core.wasm'], { cwd: dir });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /core\.wasm: error\[component\]: The file is a core WebAssembly module/);
  });

  it("the verdict's, without a stack trace, when the reader closes the pipe early (`check | head`)", async () => {
    const dir = tempDir();
    writeIn(dir, 'core.wasm', await fixtures.coreModule());
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'validate', 'core.wasm'], { cwd: dir });
    child.stdout.destroy(); // closed before the CLI writes a line: every write to it fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /);
  });

  it('2 for a usage or an input error, naming it', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    const usage = await runCli(['validate'], { cwd: dir });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /validate needs the component/);
    const input = await runCli(['validate', 'view.wasm', '--max-size', 'huge'], { cwd: dir });
    assert.equal(input.code, 2);
    assert.match(input.stdout, /error: --max-size: "huge" is not a size/);
  });

  it('3 when a tool cannot be had: --offline with an empty cache names what is missing', async () => {
    const cache = tempDir('primatomic-user-cache-');
    const run = await runCli(['check', '--offline'], {
      cwd: example('python'),
      env: { XDG_CACHE_HOME: cache, RUNNER_TOOL_CACHE: undefined },
    });
    assert.equal(run.code, 3, said(run));
    assert.match(
      run.stdout,
      /primatomic-componentize-py 0\.25\.1 is not in the tool cache .* --offline allows no install/,
    );
  });
});

describe("the CLI's tools", () => {
  it("go to the user's cache ($XDG_CACHE_HOME/primatomic-view/tools), used from there the next time", async () => {
    const cache = tempDir('primatomic-user-cache-');
    const userEnv = { XDG_CACHE_HOME: cache, RUNNER_TOOL_CACHE: undefined };
    const first = await runCli(['build', '--verbose'], { cwd: example('python'), env: userEnv });
    assert.equal(first.code, 0, said(first));
    assert.ok(existsSync(path.join(cache, 'primatomic-view/tools/primatomic-componentize-py/0.25.1', process.arch)));
    const second = await runCli(['build', '--verbose', '--offline'], { cwd: example('python'), env: userEnv });
    assert.equal(second.code, 0, said(second));
    assert.doesNotMatch(second.stdout, /Installing componentize-py/);
  });
});

describe('reports for machines', () => {
  it('--json is one document of facts; --summary the Markdown the action writes; --junit the rules', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.wrongSignature());
    const run = await runCli(['validate', 'view.wasm', '--json', '--summary', 'summary.md', '--junit', 'junit.xml'], {
      cwd: dir,
    });
    assert.equal(run.code, 1);
    const document = JSON.parse(run.stdout) as {
      schema: string;
      exitCode: number;
      outputs: Record<string, string>;
      validation: {
        status: string;
        rules: Array<{ id: string; status: string; findings: Array<{ message: string }> }>;
      };
    };
    assert.equal(document.schema, 'primatomic-view/run@1');
    assert.equal(document.exitCode, 1);
    assert.match(document.outputs['component-sha256'] ?? '', /^[0-9a-f]{64}$/);
    const exports = document.validation.rules.find((rule) => rule.id === 'exports');
    assert.equal(exports?.status, 'fail');
    assert.match(exports?.findings[0]?.message ?? '', /query has the wrong type/);
    assert.match(run.stderr, /error\[exports\]/, 'people still read the findings, on stderr');
    assert.match(
      readFileSync(path.join(dir, 'summary.md'), 'utf8'),
      /^## Primatomic view <code>view\.wasm<\/code>: ❌ 1 error, 0 warnings/m,
    );
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuite name="validation" tests="7" failures="1" skipped="0">/);
    assert.match(junit, /<testcase classname="primatomic\.validation" name="exports: [^"]*">\n\s+<failure message="/);
  });
});

describe('the token', () => {
  let emulator: Emulator;
  const TOKEN = 'cli-token-4f81c2a9d3';
  before(async () => {
    emulator = await Emulator.start({ tokens: [TOKEN] });
  });
  after(() => emulator.close());

  const deployArgs = (logId: string) => [
    'deploy',
    '--component',
    'view.wasm',
    '--api-url',
    emulator.url,
    '--log-id',
    logId,
  ];

  it('comes from PRIMATOMIC_TOKEN, or from stdin with --token-file -, and is never printed', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    const fromEnv = await runCli([...deployArgs(emulator.createLog('env')), '--view-name', 'from-env'], {
      cwd: dir,
      env: { PRIMATOMIC_TOKEN: TOKEN },
    });
    assert.equal(fromEnv.code, 0, said(fromEnv));
    const fromStdin = await runCli(
      [...deployArgs(emulator.createLog('stdin')), '--view-name', 'from-stdin', '--token-file', '-'],
      {
        cwd: dir,
        stdin: `${TOKEN}\n`,
      },
    );
    assert.equal(fromStdin.code, 0, said(fromStdin));
    assert.match(fromStdin.stdout, /✔ deploy: passed/);
    for (const run of [fromEnv, fromStdin]) assert.ok(!said(run).includes(TOKEN));
  });

  it('when missing, is named by where the CLI reads it, with how to give it', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    const run = await runCli([...deployArgs(emulator.createLog('none')), '--view-name', 'no-token'], {
      cwd: dir,
      env: { PRIMATOMIC_TOKEN: undefined },
    });
    assert.equal(run.code, 2, said(run));
    assert.match(run.stdout, /error: PRIMATOMIC_TOKEN: is empty, so nothing was deployed\. Set PRIMATOMIC_TOKEN, or/);
  });

  it("never reaches the build, which runs the project's code", async () => {
    const dir = tempDir();
    writeIn(dir, 'prebuilt.wasm', await fixtures.valid());
    const run = await runCli(
      [
        'build',
        '--language',
        'js',
        '--build-command',
        'env > seen-env.txt; cp prebuilt.wasm view.wasm',
        '--output',
        'view.wasm',
      ],
      { cwd: dir, env: { PRIMATOMIC_TOKEN: TOKEN } },
    );
    assert.equal(run.code, 0, said(run));
    const seen = readFileSync(path.join(dir, 'seen-env.txt'), 'utf8');
    assert.match(seen, /^PATH=/m, 'the build saw an environment');
    assert.ok(!seen.includes(TOKEN));
  });

  it('is refused as an argument, without echoing it', async () => {
    const run = await runCli(['deploy', '--api-token', TOKEN], { cwd: tempDir() });
    assert.equal(run.code, 2);
    assert.ok(!said(run).includes(TOKEN));
  });
});

describe('Node 22, the other LTS line', () => {
  it('runs the CLI', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    assert.match(execFileSync(node22(), ['--version'], { encoding: 'utf8' }), /^v22\./);
    const run = await runCli(['check', '--component', 'view.wasm'], {
      cwd: dir,
      command: [node22(), path.join(ROOT, 'dist/cli.js')],
    });
    assert.equal(run.code, 0, said(run));
    assert.match(run.stdout, /Every check held\./);
  });
});
