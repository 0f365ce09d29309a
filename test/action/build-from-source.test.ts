/**
 * Building the examples from source through the bundled action, with the real toolchains: jco and
 * componentize-js from npm, componentize-py from PyPI, and Rust where this machine has a wasm32 toolchain.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ReleaseServer, sha256, tarGzWith } from '../support/release-server.ts';
import { copyOfAction, ROOT, runAction, TEST_TOOL_CACHE } from '../support/run-action.ts';
import { tempDir } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

let actionDir: string;
before(() => {
  actionDir = copyOfAction();
});

/** A copy of examples/<name>, so that builds write nothing into the repository. */
function example(name: string): string {
  const dir = path.join(tempDir('primatomic-example-'), name);
  cpSync(path.join(ROOT, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !/\/(target|build)$/.test(source),
  });
  return dir;
}

const TESTS = { 'test-events': 'test/events.ndjson', 'test-queries': 'test/queries.jsonl' };
const env = { RUNNER_TOOL_CACHE: TEST_TOOL_CACHE };

describe('building from source', () => {
  it('builds the TypeScript example (esbuild, then jco componentize) and it passes every check', async () => {
    const cwd = example('ts');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'ts');
    assert.equal(run.outputs['component-path'], path.join(cwd, 'build/view.wasm'));
    assert.equal(run.outputs.conformance, 'passed');
    assert.match(run.summary, /## Build: ✅ TypeScript/);
  });

  it('builds the Python example with componentize-py --stub-wasi, which adds an export the action knows', async () => {
    const run = await runAction(TESTS, { actionDir, cwd: example('python'), env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'python');
    assert.deepEqual(run.warnings, [], "componentize-py's own `exports` export is not an extra-export warning");
    assert.equal(run.outputs.conformance, 'passed');
  });

  it('annotates a TypeScript syntax error on its line and names the command that failed', async () => {
    const cwd = example('ts');
    writeFileSync(path.join(cwd, 'src/events.ts'), 'export function parseEvent(text: string) {\n  return text +;\n}\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Build error%3A compiler,file=.*src\/events\.ts,line=2::Unexpected ";"/,
    );
    assert.match(
      run.errors[1] ?? '',
      /^::error title=Primatomic build failed::Bundle the TypeScript entry into one ES module \(esbuild\) failed with exit code 1/,
    );
    assert.match(run.summary, /## Build: ❌ failed/);
    assert.doesNotMatch(run.summary, /## Primatomic view/, 'nothing is validated after a failed build');
  });

  it('annotates a Python error raised while componentize-py imports the module', async () => {
    const cwd = example('python');
    writeFileSync(path.join(cwd, 'app.py'), 'import json\n\ntotl += 1\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(run.errors.join('\n'), /file=.*app\.py,line=3::NameError: name 'totl' is not defined/);
  });

  it('refuses to download TinyGo without a known checksum, before any download', {
    skip: existsOnPath('tinygo') && 'tinygo is installed here',
  }, async () => {
    const dir = tempDir('primatomic-go-');
    writeFileSync(path.join(dir, 'go.mod'), 'module counter\n');
    // 0.39.0 is outside the table: refused before any request (this test must never reach github.com).
    const run = await runAction(
      { 'tinygo-version': '0.39.0' },
      { actionDir, cwd: dir, env: { RUNNER_TOOL_CACHE: tempDir('tool-cache-') } },
    );
    assert.equal(run.code, 1);
    assert.match(
      run.errors.join('\n'),
      /There is no known sha256 for tinygo 0\.39\.0 on x86_64-linux, so it was not downloaded\.%0AWhat to do: Give it in tool-checksums \(tinygo@0\.39\.0=<sha256>\), use a version the action pins \(0\.40\.1, 0\.41\.1\)/,
    );
  });

  it('builds a Go view with TinyGo and wasm-tools downloaded from a mirror, checked against tool-checksums', {
    skip: existsOnPath('tinygo') && 'tinygo is installed here',
  }, async () => {
    const server = await ReleaseServer.start();
    try {
      // Stand-ins with the real archive layouts; "tinygo" writes a prebuilt component where -o says, as TinyGo would.
      const prebuilt = path.join(tempDir('prebuilt-'), 'view.wasm');
      writeFileSync(prebuilt, await fixtures.valid());
      const tinygo = tarGzWith(
        'tinygo',
        'bin/tinygo',
        '0.39.0',
        `while [ "$1" != "-o" ]; do shift; done; command -v wasm-tools >/dev/null && cp "${prebuilt}" "$2"`,
      );
      const wasmTools = tarGzWith('wasm-tools-1.257.1-x86_64-linux', 'wasm-tools', '1.257.1');
      server.assets.set('/tinygo-org/tinygo/releases/download/v0.39.0/tinygo0.39.0.linux-amd64.tar.gz', tinygo);
      server.assets.set(
        '/bytecodealliance/wasm-tools/releases/download/v1.257.1/wasm-tools-1.257.1-x86_64-linux.tar.gz',
        wasmTools,
      );
      const dir = tempDir('primatomic-go-');
      writeFileSync(path.join(dir, 'go.mod'), 'module counter\n');
      const run = await runAction(
        {
          'tinygo-version': '0.39.0',
          'download-mirror': server.url,
          'tool-checksums': `tinygo@0.39.0=${sha256(tinygo)}\nwasm-tools@1.257.1=${sha256(wasmTools)}`,
        },
        { actionDir, cwd: dir, env: { RUNNER_TOOL_CACHE: tempDir('tool-cache-') } },
      );
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.language, 'go');
      assert.deepEqual(server.requests.sort(), [...server.assets.keys()].sort());
      assert.match(run.summary, /tinygo 0\.39\.0 \(downloaded\), wasm-tools 1\.257\.1 \(downloaded\)/);
    } finally {
      await server.close();
    }
  });
});

/** Rust for wasm32-unknown-unknown here: Debian's rustc-web and rust-web-src (std built from source) and wasm-ld. */
const debianRust = existsSync('/usr/bin/rustc') && existsSync('/usr/lib/rustlib/src') && existsOnPath('wasm-ld');

describe('building the Rust example', {
  skip: !debianRust && 'needs Debian rustc-web, cargo-web, rust-web-src and lld (.ci/run installs them)',
}, () => {
  it('builds with rust-builder: cargo (cargo build, then component new) and passes every check', async () => {
    const run = await runAction(
      { ...TESTS, 'rust-builder': 'cargo' },
      {
        actionDir,
        cwd: example('rust'),
        env: {
          ...env,
          PATH: `/usr/bin:${process.env.PATH}`,
          RUSTC: '/usr/bin/rustc',
          RUSTC_BOOTSTRAP: '1',
          CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort',
          CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: 'wasm-ld',
          CARGO_TARGET_DIR: path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-target'),
        },
      },
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'rust');
    assert.equal(run.outputs.conformance, 'passed');
  });
});

function existsOnPath(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
