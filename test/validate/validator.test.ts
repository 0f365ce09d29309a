/**
 * Where the validator comes from: PATH, else wasm-tools' release (here a loopback mirror serving the real binary in
 * the release's layout), else nothing, and then the reader decides alone, with a warning that says so.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { which } from '../../src/kernel/process.ts';
import { currentPlatform } from '../../src/toolchain/platform.ts';
import { WASM_TOOLS } from '../../src/toolchain/release-tools.ts';
import { TOOLS } from '../../src/toolchain/tool-versions.ts';
import { type ValidatorSettings, wasmToolsValidator } from '../../src/validate/validator.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { ReleaseServer, sha256 } from '../support/release-server.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { messagesOf, statuses, validateBytes } from '../support/validate.ts';
import { fixtures } from '../support/views.ts';

const VERSION = TOOLS.wasmTools.defaultVersion;
let server: ReleaseServer;
let realWasmTools: string;
const saved = { PATH: process.env.PATH, RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE };

before(async () => {
  server = await ReleaseServer.start();
  realWasmTools = which('wasm-tools')!;
});
after(() => server.close());
beforeEach(() => {
  // No wasm-tools on PATH (tar and gzip stay), and an empty tool cache.
  process.env.PATH = '/usr/bin:/bin';
  process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache-');
  server.assets.clear();
});
afterEach(() => Object.assign(process.env, saved));

/** The real wasm-tools, published on the mirror as its release is: wasm-tools-<v>-<platform>/wasm-tools. */
function publishRealWasmTools(): string {
  const platform = currentPlatform();
  const dir = tempDir('release-');
  const top = `wasm-tools-${VERSION}-${platform.key}`;
  mkdirSync(path.join(dir, top));
  copyFileSync(realWasmTools, path.join(dir, top, 'wasm-tools'));
  execFileSync('tar', ['czf', 'asset.tar.gz', top], { cwd: dir });
  const asset = readFileSync(path.join(dir, 'asset.tar.gz'));
  server.assets.set(WASM_TOOLS.assetPath(VERSION, platform), asset);
  return sha256(asset);
}

const fromMirror = (userChecksums: Record<string, string> = {}): ValidatorSettings => ({
  version: VERSION,
  downloads: { mirror: server.url, verifyChecksums: true, userChecksums },
});

describe('the validator', { skip: POSIX_ONLY }, () => {
  it('is installed from the release (here a mirror) when wasm-tools is not on PATH, and decides validity', async () => {
    const checksum = publishRealWasmTools();
    const validator = fromMirror({ [`wasm-tools@${VERSION}`]: checksum });
    const report = await validateBytes(await fixtures.valid(), { validator });
    assert.equal(report.validator, `wasm-tools ${VERSION} (downloaded)`);
    assert.equal(statuses(report).decodes, 'pass');
    assert.equal(report.findings.length, 0);
    const again = await validateBytes(await fixtures.valid(), { validator });
    assert.equal(again.validator, `wasm-tools ${VERSION} (tool cache)`);
  });

  it('when it cannot be installed, leaves the verdict to the reader, and warns what to do', async () => {
    const report = await validateBytes(await fixtures.valid(), { validator: fromMirror() });
    assert.equal(report.validator, 'none');
    assert.equal(statuses(report).decodes, 'warning');
    assert.equal(report.errors, 0);
    const [message] = messagesOf(report, 'decodes');
    assert.match(message!, /^The component was not checked by wasm-tools' validator: /);
    assert.match(message!, /[^.]\. The reader of primatomic-view decided alone\.$/);
    const truncated = (await fixtures.valid()).slice(0, 200);
    assert.equal(statuses(await validateBytes(truncated, { validator: fromMirror() })).decodes, 'fail');
  });

  it('gives up at once when the mirror does not resolve, naming the host and download-mirror', async () => {
    // Names under .invalid fail to resolve in this process, as a typo'd host does, with no DNS query.
    await import('../support/unresolvable-hosts.ts');
    const started = performance.now();
    const report = await validateBytes(await fixtures.valid(), {
      validator: {
        version: VERSION,
        downloads: { mirror: 'https://ghes.primatomic.invalid', verifyChecksums: true, userChecksums: {} },
      },
    });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 5, `${seconds.toFixed(1)} s: a name that does not resolve is not retried`);
    const [message] = messagesOf(report, 'decodes');
    assert.match(message!, /ghes\.primatomic\.invalid could not be reached \(ENOTFOUND\)\. The reader/);
    const hint = report.findings.find((finding) => finding.rule === 'decodes')?.hint ?? '';
    assert.match(hint, /download-mirror/);
  });

  it("gives the refusal in the validator's words, without the log lines printed before it", async () => {
    const script = writeIn(
      tempDir(),
      'wasm-tools',
      '#!/bin/sh\n' +
        'echo "[2026-12-04T22:18:46Z WARN ] failed to parse DWARF information: unexpected end-of-file" >&2\n' +
        'printf "error: func 3 failed to validate\\n\\nCaused by:\\n    0: type mismatch (at offset 0x4f)\\n" >&2\n' +
        'exit 1\n',
    );
    chmodSync(script, 0o755);
    const verdict = await wasmToolsValidator(script, 'wasm-tools (test)').validate('view.wasm');
    assert.deepEqual(verdict, {
      kind: 'invalid',
      message: 'func 3 failed to validate; type mismatch (at offset 0x4f)',
      by: 'wasm-tools (test)',
    });
  });
});
