import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { toolchainEntries } from '../../src/cache/cache-plan.ts';
import { BuildError } from '../../src/kernel/errors.ts';
import { go } from '../../src/languages/go.ts';
import { currentPlatform } from '../../src/toolchain/platform.ts';
import { RELEASE_CHECKSUMS } from '../../src/toolchain/release-checksums.ts';
import {
  type DownloadSettings,
  installReleaseTool,
  type ReleaseInstall,
} from '../../src/toolchain/release-installer.ts';
import { CARGO_COMPONENT, type ReleaseTool, TINYGO, WASM_TOOLS } from '../../src/toolchain/release-tools.ts';
import { DEFAULT_TOOL_VERSIONS } from '../../src/toolchain/tool-versions.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { ReleaseServer, rawBinary, sha256, tarGzWith, zipWith } from '../support/release-server.ts';
import { tempDir } from '../support/tmp.ts';

const linux = currentPlatform('linux', 'x64');
let server: ReleaseServer;

// tool-cache retries a failed download after 10 to 20 s; not here.
const globals = globalThis as Record<string, unknown>;
before(async () => {
  server = await ReleaseServer.start();
  globals.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS = 0;
  globals.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS = 0;
});
after(() => {
  delete globals.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS;
  delete globals.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS;
  return server.close();
});
beforeEach(() => {
  // A fresh tool cache and checksum table per test: nothing carries over.
  delete RELEASE_CHECKSUMS['wasm-tools']!['9.9.9'];
  process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache-');
  process.env.RUNNER_TEMP = tempDir('runner-temp-');
  server.assets.clear();
  server.requests.length = 0;
});

/** wasm-tools 9.9.9 published on the stand-in server, with (unless told otherwise) its checksum in the table. */
function publishWasmTools(version = '9.9.9', inTable = true): { tool: ReleaseTool; asset: Buffer } {
  const asset = tarGzWith(`wasm-tools-${version}-x86_64-linux`, 'wasm-tools', version);
  server.assets.set(WASM_TOOLS.assetPath(version, linux), asset);
  if (inTable) RELEASE_CHECKSUMS['wasm-tools']![version] = { 'x86_64-linux': sha256(asset) };
  return { tool: WASM_TOOLS, asset };
}

type Overrides = Partial<Omit<ReleaseInstall, 'downloads' | 'log'>> & Partial<DownloadSettings>;

function options(tool: ReleaseTool, overrides: Overrides = {}): ReleaseInstall & { warnings: string[] } {
  const warnings: string[] = [];
  const { mirror = server.url, verifyChecksums = true, userChecksums = {}, deadlineMs, ...install } = overrides;
  return {
    tool,
    version: '9.9.9',
    platform: linux,
    downloads: { mirror, verifyChecksums, userChecksums, ...(deadlineMs !== undefined && { deadlineMs }) },
    log: { info: () => {}, warn: (m) => warnings.push(m) },
    warnings,
    ...install,
  };
}

const run = (executable: string) => execFileSync(executable, { encoding: 'utf8' }).trim();

describe('installing a tool from its release', { skip: POSIX_ONLY }, () => {
  it('downloads a tar.gz with the real layout, checks its sha256 from the table, and runs it', async () => {
    const { tool } = publishWasmTools();
    const installed = await installReleaseTool(options(tool));
    assert.equal(
      installed.url,
      `${server.url}/bytecodealliance/wasm-tools/releases/download/v9.9.9/wasm-tools-9.9.9-x86_64-linux.tar.gz`,
    );
    assert.equal(run(installed.executable), 'wasm-tools 9.9.9');
    assert.equal(installed.cached, false);
  });

  it('uses the tool cache the second time, without downloading', async () => {
    const { tool } = publishWasmTools();
    await installReleaseTool(options(tool));
    const again = await installReleaseTool(options(tool));
    assert.equal(again.cached, true);
    assert.equal(server.requests.length, 1);
  });

  it('refuses a download whose sha256 differs, and installs nothing', async () => {
    const { tool } = publishWasmTools();
    RELEASE_CHECKSUMS['wasm-tools']!['9.9.9'] = { 'x86_64-linux': '0'.repeat(64) };
    await assert.rejects(
      installReleaseTool(options(tool)),
      (error) =>
        error instanceof BuildError &&
        /has sha256 [0-9a-f]{64}, not the expected 0{64}; it was not installed/.test(error.message),
    );
    await assert.rejects(installReleaseTool(options(tool)));
    assert.equal(server.requests.length, 2, 'the failed install left nothing in the cache');
  });

  it('refuses a truncated archive: by its checksum, or when unverified, because it does not extract', async () => {
    const { tool, asset } = publishWasmTools();
    server.assets.set(WASM_TOOLS.assetPath('9.9.9', linux), asset.subarray(0, asset.length / 2));
    await assert.rejects(installReleaseTool(options(tool)), /not the expected/);
    delete RELEASE_CHECKSUMS['wasm-tools']!['9.9.9'];
    await assert.rejects(installReleaseTool(options(tool, { verifyChecksums: false })), /could not be extracted/);
  });

  it('says 404 with the URL, and to check the version input and the mirror', async () => {
    await assert.rejects(
      installReleaseTool(options(WASM_TOOLS, { userChecksums: { 'wasm-tools@9.9.9': '0'.repeat(64) } })),
      (error) => {
        assert.ok(error instanceof BuildError);
        assert.match(
          error.message,
          /^wasm-tools 9\.9\.9 is not at http:\/\/127\.0\.0\.1:\d+\/bytecodealliance\/wasm-tools\/.* \(404\)\.$/,
        );
        assert.equal(
          error.hint,
          'Check the version (wasm-tools-version) and that the mirror holds this release, or install wasm-tools ' +
            'in an earlier step so that it is on PATH.',
        );
        return true;
      },
    );
  });

  it('gives up on a download that trickles when its deadline passes, naming the slow host', async () => {
    publishWasmTools();
    server.trickling.add(WASM_TOOLS.assetPath('9.9.9', linux));
    const started = performance.now();
    await assert.rejects(installReleaseTool(options(WASM_TOOLS, { deadlineMs: 1000 })), (error) => {
      assert.ok(error instanceof BuildError);
      assert.match(
        error.message,
        /^Downloading wasm-tools 9\.9\.9 from http:\/\/127\.0\.0\.1:\d+\/\S+ failed: 127\.0\.0\.1:\d+ is too slow: it did not finish within 1 s\.$/,
      );
      return true;
    });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 3, `took ${seconds} s`);
    // The abandoned download (tool-cache cannot stop one) ends with the process; here, with its connection.
    server.trickling.clear();
    server.dropConnections();
  });

  it('names the host it could not reach and the ways around it, instead of only the error code', async () => {
    const closed = await ReleaseServer.start();
    const unreachable = closed.url;
    await closed.close();
    await assert.rejects(
      installReleaseTool(
        options(WASM_TOOLS, { mirror: unreachable, userChecksums: { 'wasm-tools@9.9.9': '0'.repeat(64) } }),
      ),
      (error) => {
        assert.ok(error instanceof BuildError);
        const host = new URL(unreachable).host;
        assert.match(
          error.message,
          new RegExp(`failed: ${host.replace('.', '\\.')} could not be reached \\(ECONNREFUSED\\)\\.$`),
        );
        assert.match(
          error.hint ?? '',
          /Check that download-mirror \(http:\/\/127\.0\.0\.1:\d+\) is up .* so that it is on PATH\./,
        );
        return true;
      },
    );
  });

  it(
    'refuses a version outside the table before downloading, unless the user gives its checksum or turns ' +
      'verification off',
    async () => {
      const { asset } = publishWasmTools('9.9.9', false);
      await assert.rejects(
        installReleaseTool(options(WASM_TOOLS)),
        (error) =>
          error instanceof BuildError &&
          /no known sha256 for wasm-tools 9\.9\.9 on x86_64-linux/.test(error.message) &&
          /tool-checksums \(wasm-tools@9\.9\.9=<sha256>\)/.test(error.hint ?? ''),
      );
      assert.equal(server.requests.length, 0);
      assert.equal(
        run(
          (await installReleaseTool(options(WASM_TOOLS, { userChecksums: { 'wasm-tools@9.9.9': sha256(asset) } })))
            .executable,
        ),
        'wasm-tools 9.9.9',
      );
      process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache-');
      const unverified = options(WASM_TOOLS, { verifyChecksums: false });
      await installReleaseTool(unverified);
      assert.match(
        unverified.warnings[0] ?? '',
        /was not verified \(verify-checksums: false\); its sha256 is [0-9a-f]{64}/,
      );
    },
  );

  it("keeps a mirror's downloads apart from github.com's in the tool cache", async () => {
    const { tool } = publishWasmTools();
    const first = await installReleaseTool(options(tool));
    const other = await ReleaseServer.start();
    try {
      other.assets.set(WASM_TOOLS.assetPath('9.9.9', linux), server.assets.get(WASM_TOOLS.assetPath('9.9.9', linux))!);
      const second = await installReleaseTool(options(tool, { mirror: other.url }));
      assert.notEqual(second.executable, first.executable);
      assert.equal(second.cached, false);
      assert.equal(other.requests.length, 1);
    } finally {
      await other.close();
    }
  });

  it('names the same tool-cache folder that the language saves to the Actions cache, with a mirror too', async () => {
    const tinygo = tarGzWith('tinygo', 'bin/tinygo', '0.39.0');
    server.assets.set(TINYGO.assetPath('0.39.0', linux), tinygo);
    const install = options(TINYGO, { version: '0.39.0', userChecksums: { 'tinygo@0.39.0': sha256(tinygo) } });
    await installReleaseTool(install);
    const versions = { ...DEFAULT_TOOL_VERSIONS, tinygo: '0.39.0' };
    const saved = go.cachedTools({ versions, options: { 'go-compiler': 'tinygo' }, downloads: install.downloads });
    assert.equal(saved.length, 1);
    const [entry] = toolchainEntries(saved);
    assert.ok(existsSync(entry!.paths[0]!), `${entry!.paths[0]} is where the mirror's TinyGo was installed`);
  });

  it("installs cargo-component's raw binary (named after the Rust triple) as an executable", async () => {
    const asset = rawBinary('cargo-component', '0.21.1');
    server.assets.set(
      '/bytecodealliance/cargo-component/releases/download/v0.21.1/cargo-component-x86_64-unknown-linux-gnu',
      asset,
    );
    const installed = await installReleaseTool(
      options(CARGO_COMPONENT, { version: '0.21.1', userChecksums: { 'cargo-component@0.21.1': sha256(asset) } }),
    );
    assert.equal(run(installed.executable), 'cargo-component 0.21.1');
  });

  it("extracts a zip (the Windows layout) and TinyGo's tree", async () => {
    const zip = zipWith('wasm-tools-9.9.9-x86_64-windows', 'wasm-tools.exe', '9.9.9');
    const windows = currentPlatform('win32', 'x64');
    server.assets.set(WASM_TOOLS.assetPath('9.9.9', windows), zip);
    const installed = await installReleaseTool(
      options(WASM_TOOLS, {
        platform: { ...windows, os: 'windows' },
        userChecksums: { 'wasm-tools@9.9.9': sha256(zip) },
      }),
    );
    assert.match(installed.executable, /wasm-tools-9\.9\.9-x86_64-windows\/wasm-tools\.exe$/);
    assert.equal(run(installed.executable), 'wasm-tools.exe 9.9.9');

    const tinygo = tarGzWith('tinygo', 'bin/tinygo', '0.39.0');
    server.assets.set('/tinygo-org/tinygo/releases/download/v0.39.0/tinygo0.39.0.linux-amd64.tar.gz', tinygo);
    const go = await installReleaseTool(
      options(TINYGO, { version: '0.39.0', userChecksums: { 'tinygo@0.39.0': sha256(tinygo) } }),
    );
    assert.equal(run(go.executable), 'tinygo 0.39.0');
  });
});
