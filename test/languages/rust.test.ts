/**
 * How a Rust view is built, with stand-ins for cargo, cargo-component, rustc and rustup on PATH (the real build is
 * in test/action/build-from-source.test.ts): cargo by default, where cargo-component comes from when asked for, the
 * targets they need, and which crate of a workspace is the view.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BuildError } from '../../src/kernel/errors.ts';
import { SILENT } from '../../src/kernel/log.ts';
import type { BuildContext } from '../../src/languages/language.ts';
import { Project } from '../../src/languages/project.ts';
import { rust } from '../../src/languages/rust.ts';
import { currentPlatform } from '../../src/toolchain/platform.ts';
import { CARGO_COMPONENT } from '../../src/toolchain/release-tools.ts';
import { DEFAULT_TOOL_VERSIONS } from '../../src/toolchain/tool-versions.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { project } from '../support/project.ts';
import { ReleaseServer, rawBinary, sha256 } from '../support/release-server.ts';
import { tempDir } from '../support/tmp.ts';

const saved = { PATH: process.env.PATH, RUSTC: process.env.RUSTC, RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE };
let bin: string;
let calls: string;

/** A shell script on the stand-in PATH. */
function tool(name: string, script: string): void {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${script}\n`);
  chmodSync(file, 0o755);
}

/** cargo answering `metadata` with these packages (target dir: <workspace>/target) and doing `install --root`. */
function cargo(workspace: string, packages: Array<{ name: string; dir: string; cdylib?: string }>): void {
  const metadata = {
    packages: packages.map((pkg) => ({
      name: pkg.name,
      manifest_path: path.join(pkg.dir, 'Cargo.toml'),
      targets: [{ name: pkg.cdylib ?? pkg.name, crate_types: pkg.cdylib === '' ? ['lib'] : ['cdylib'] }],
    })),
    target_directory: path.join(workspace, 'target'),
  };
  writeFileSync(path.join(bin, 'metadata.json'), JSON.stringify(metadata));
  tool(
    'cargo',
    `case "$1" in
  metadata) cat "${path.join(bin, 'metadata.json')}" ;;
  install)
    while [ "$1" != "--root" ]; do shift; done
    mkdir -p "$2/bin" && printf '#!/bin/sh\\n' > "$2/bin/cargo-component" && chmod +x "$2/bin/cargo-component" ;;
esac`,
  );
}

function context(workingDirectory: string, builder: string, overrides: Partial<BuildContext> = {}): BuildContext {
  return {
    project: new Project(workingDirectory),
    witPath: '/wit',
    world: 'state-machine',
    entry: undefined,
    output: path.join(workingDirectory, 'build/view.wasm'),
    versions: DEFAULT_TOOL_VERSIONS,
    options: { 'rust-builder': builder },
    downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
    scratch: tempDir(),
    log: SILENT,
    ...overrides,
  };
}

beforeEach(() => {
  bin = tempDir('stand-in-bin-');
  calls = path.join(bin, 'calls.log');
  writeFileSync(calls, '');
  // Only the stand-ins and the shell's basics: no real cargo, rustup or cargo-component can be found.
  process.env.PATH = `${bin}:/bin`;
  process.env.RUNNER_TOOL_CACHE = tempDir('tool-cache-');
  const sysroot = tempDir('sysroot-');
  mkdirSync(path.join(sysroot, 'lib/rustlib/wasm32-unknown-unknown'), { recursive: true });
  tool('rustc', `echo "${sysroot}"`);
  process.env.RUSTC = path.join(bin, 'rustc');
  // The wasm-tools that makes the component, found on PATH: nothing is downloaded.
  tool('wasm-tools', '');
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('building a Rust view', { skip: POSIX_ONLY }, () => {
  it('builds with cargo and makes the component with wasm-tools, even with cargo-component on PATH', async () => {
    const crate = project({ 'Cargo.toml': '[package]\nname = "counter"\n' });
    cargo(crate, [{ name: 'counter', dir: crate }]);
    tool('cargo-component', '');
    const plan = await rust.plan(context(crate, 'cargo'));
    assert.deepEqual(
      plan.steps.map((step) => [step.command, ...step.args].join(' ')),
      ['cargo build --release --target wasm32-unknown-unknown'],
    );
    assert.deepEqual(plan.tools, { builder: 'cargo + component new (wasm-tools from PATH)' });
  });

  it('uses cargo-component from PATH when asked, adds no target of its own, and leaves no bindings.rs', async () => {
    const crate = project({ 'Cargo.toml': '[package]\nname = "counter"\n', 'src/lib.rs': '' });
    cargo(crate, [{ name: 'counter', dir: crate }]);
    tool('cargo-component', '');
    tool('rustup', '');
    const plan = await rust.plan(context(crate, 'cargo-component'));
    assert.deepEqual(
      plan.steps.map((step) => [step.command, ...step.args].join(' ')),
      ['cargo component build --release --target wasm32-unknown-unknown'],
    );
    writeFileSync(path.join(crate, 'src/bindings.rs'), '// generated by cargo-component'); // as its build does
    plan.cleanup?.();
    assert.ok(!existsSync(path.join(crate, 'src/bindings.rs')), "the user's tree is left as it was");
  });

  it("keeps a bindings.rs that was the crate's own", async () => {
    const crate = project({ 'Cargo.toml': '[package]\nname = "c"\n', 'src/bindings.rs': '// mine' });
    cargo(crate, [{ name: 'c', dir: crate }]);
    tool('cargo-component', '');
    (await rust.plan(context(crate, 'cargo-component'))).cleanup?.();
    assert.equal(readFileSync(path.join(crate, 'src/bindings.rs'), 'utf8'), '// mine');
  });

  it('builds cargo-component from crates.io with cargo install --locked when asked for and not on PATH', async () => {
    const crate = project({ 'Cargo.toml': '[package]\nname = "counter"\n' });
    cargo(crate, [{ name: 'counter', dir: crate }]);
    const plan = await rust.plan(context(crate, 'cargo-component'));
    const root = path.join(process.env.RUNNER_TOOL_CACHE!, 'cargo-component-crates-io', '0.21.1', process.arch);
    assert.match(
      readFileSync(calls, 'utf8'),
      new RegExp(`^cargo install --locked --root ${root} --version 0\\.21\\.1 cargo-component$`, 'm'),
    );
    assert.equal(plan.steps.at(-1)?.env?.PATH?.split(path.delimiter)[0], path.join(root, 'bin'));
    assert.deepEqual(plan.tools, { 'cargo-component': '0.21.1 (crates.io)' });
    // The second build finds it in the tool cache.
    writeFileSync(calls, '');
    assert.deepEqual((await rust.plan(context(crate, 'cargo-component'))).tools, {
      'cargo-component': '0.21.1 (crates.io, tool cache)',
    });
    assert.doesNotMatch(readFileSync(calls, 'utf8'), /cargo install/);
  });

  it('downloads cargo-component from its release instead when its sha256 is known', async () => {
    const crate = project({ 'Cargo.toml': '[package]\nname = "counter"\n' });
    cargo(crate, [{ name: 'counter', dir: crate }]);
    const server = await ReleaseServer.start();
    try {
      const asset = rawBinary('cargo-component', '0.21.1');
      server.assets.set(CARGO_COMPONENT.assetPath('0.21.1', currentPlatform()), asset);
      const downloads = {
        mirror: server.url,
        verifyChecksums: true,
        userChecksums: { 'cargo-component@0.21.1': sha256(asset) },
      };
      const plan = await rust.plan(context(crate, 'cargo-component', { downloads }));
      assert.deepEqual(plan.tools, { 'cargo-component': '0.21.1 (downloaded)' });
      assert.equal(server.requests.length, 1);
      assert.doesNotMatch(readFileSync(calls, 'utf8'), /cargo install/);
    } finally {
      await server.close();
    }
  });

  it("finds the crate's library in a workspace, and the workspace's target folder", async () => {
    const workspace = project({ 'Cargo.toml': '[workspace]\nmembers = ["views/*"]\n' });
    const crate = path.join(workspace, 'views/ledger');
    const other = path.join(workspace, 'views/other');
    cargo(workspace, [
      { name: 'ledger-view', dir: crate, cdylib: 'ledger-view' },
      { name: 'other', dir: other },
    ]);
    mkdirSync(crate, { recursive: true });
    const built = path.join(workspace, 'target/wasm32-unknown-unknown/release/ledger_view.wasm');
    mkdirSync(path.dirname(built), { recursive: true });
    writeFileSync(built, 'core module');
    const ctx = context(crate, 'cargo-component');
    mkdirSync(path.dirname(ctx.output));
    tool('cargo-component', '');
    await (await rust.plan(ctx)).finish?.run();
    assert.equal(readFileSync(ctx.output, 'utf8'), 'core module', 'the artifact is copied from the workspace target');
    const machine = { home: '/home/runner', env: {}, ask: async () => undefined };
    const releaseBuilds = path.join(workspace, 'target/wasm32-unknown-unknown/release');
    assert.ok(
      (await rust.caches!(new Project(crate), machine))[0]?.paths.includes(releaseBuilds),
      'the workspace target is kept',
    );
  });

  it('says which crates a workspace has when the folder is its root, and asks for a cdylib', async () => {
    const workspace = project({ 'Cargo.toml': '[workspace]\n' });
    cargo(workspace, [
      { name: 'a', dir: path.join(workspace, 'a') },
      { name: 'b', dir: path.join(workspace, 'b') },
    ]);
    await assert.rejects(rust.plan(context(workspace, 'cargo')), (error) => {
      assert.ok(error instanceof BuildError);
      assert.match(error.hint ?? '', /several: a, b\. Set working-directory to the view's crate/);
      return true;
    });
    const lib = project({ 'Cargo.toml': '[package]\nname = "plain"\n' });
    cargo(lib, [{ name: 'plain', dir: lib, cdylib: '' }]);
    await assert.rejects(rust.plan(context(lib, 'cargo')), /No cdylib crate to build/);
    assert.ok(!existsSync(path.join(lib, 'build')));
  });
});
