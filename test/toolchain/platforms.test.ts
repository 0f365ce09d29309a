/**
 * What differs on macOS and Windows runners, checked here by injecting the platform: release asset names, how
 * installers and build-command are started, and paths in compiler errors (see also the caches' fallbacks).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { shellStep } from '../../src/builder/run-steps.ts';
import { spawnPlan } from '../../src/kernel/process.ts';
import { currentPlatform } from '../../src/toolchain/platform.ts';
import { CARGO_COMPONENT, TINYGO, WASM_TOOLS } from '../../src/toolchain/release-tools.ts';
import { tempDir } from '../support/tmp.ts';

describe('release assets on each runner', () => {
  it("name cargo-component's Windows build after the GNU target it is built for", () => {
    assert.equal(
      CARGO_COMPONENT.assetPath('0.21.1', currentPlatform('win32', 'x64')),
      '/bytecodealliance/cargo-component/releases/download/v0.21.1/cargo-component-x86_64-pc-windows-gnu',
    );
    assert.equal(
      CARGO_COMPONENT.assetPath('0.21.1', currentPlatform('darwin', 'arm64')),
      '/bytecodealliance/cargo-component/releases/download/v0.21.1/cargo-component-aarch64-apple-darwin',
    );
  });

  it('take zip archives and .exe files on Windows, tar.gz elsewhere', () => {
    const windows = currentPlatform('win32', 'x64');
    assert.equal(WASM_TOOLS.executable('1.257.1', windows), 'wasm-tools-1.257.1-x86_64-windows/wasm-tools.exe');
    assert.equal(TINYGO.format(windows), 'zip');
    assert.match(
      TINYGO.assetPath('0.40.1', currentPlatform('darwin', 'arm64')),
      /tinygo0\.40\.1\.darwin-arm64\.tar\.gz$/,
    );
  });
});

describe('starting installers', () => {
  it('runs a Windows .cmd (npm) through cmd.exe with each argument quoted, never with shell: true', () => {
    const plan = spawnPlan('C:\\Program Files\\nodejs\\npm.cmd', ['install', '--no-audit', 'a&b'], 'win32');
    assert.equal(plan.windowsVerbatimArguments, true);
    assert.match(plan.command, /cmd(\.exe)?$/i);
    assert.deepEqual(plan.args.slice(0, 3), ['/d', '/s', '/c']);
    assert.equal(plan.args[3], '"^"C:\\Program^ Files\\nodejs\\npm.cmd^" ^"install^" ^"--no-audit^" ^"a^&b^""');
  });

  it('runs executables as they are, with their arguments as a list', () => {
    const args = ['-m', 'venv', 'C:\\hosted tool cache\\venv'];
    assert.deepEqual(spawnPlan('C:\\Python312\\python.exe', args, 'win32'), {
      command: 'C:\\Python312\\python.exe',
      args,
      windowsVerbatimArguments: false,
    });
    assert.deepEqual(spawnPlan('npm', ['install'], 'linux'), {
      command: 'npm',
      args: ['install'],
      windowsVerbatimArguments: false,
    });
  });
});

describe('build-command', () => {
  it('runs on Windows in PowerShell, from a script file that keeps its quotes, failing when a command fails', () => {
    const scratch = tempDir();
    const command = 'cargo build --features "a b" && echo "done"';
    const step = shellStep(command, 'C:\\view', scratch, 'win32');
    assert.equal(step.command, 'pwsh');
    assert.deepEqual(step.args.slice(0, 4), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command']);
    const script = /^\. '(.+)'$/.exec(step.args[4]!)?.[1];
    assert.ok(script, step.args[4]);
    assert.equal(
      readFileSync(script, 'utf8'),
      `$ErrorActionPreference = 'stop'\r\n${command}\r\n` +
        'if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\r\n',
    );
  });

  it('runs on Linux and macOS in bash with -eo pipefail, as a run: step does', () => {
    const step = shellStep('make view | tee log', '/view', tempDir(), 'darwin');
    assert.deepEqual(
      [step.command, ...step.args],
      ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make view | tee log'],
    );
  });
});
