import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isForkPullRequest, languageEntries, toolchainEntries, whyNoCacheSave } from '../../src/cache/cache-plan.ts';
import { goWasmEnv } from '../../src/languages/go-package.ts';
import { languageById } from '../../src/languages/index.ts';
import type { CacheMachine } from '../../src/languages/language.ts';
import { Project } from '../../src/languages/project.ts';
import { toolCacheFolder, toolCacheRoot } from '../../src/toolchain/tool-cache.ts';
import { ROOT } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

const PLATFORM = `${process.platform}-${process.arch}`;

describe('what the build caches', () => {
  it('keys each installed tool by name, version, OS and arch, with its .complete marker', () => {
    const [entry] = toolchainEntries([['primatomic-componentize-py', '0.25.1']]);
    const folder = toolCacheFolder('primatomic-componentize-py', '0.25.1');
    assert.ok(folder.endsWith(path.join('primatomic-componentize-py', '0.25.1', process.arch)), folder);
    assert.deepEqual(entry, {
      name: 'primatomic-componentize-py (tool cache)',
      key: `primatomic-tool-v2-primatomic-componentize-py-0.25.1-${PLATFORM}`,
      restoreKeys: [],
      paths: [folder, `${folder}.complete`],
      toolFolder: folder,
    });
  });

  it("keys cargo's and Go's caches by the compiler and the lockfile, restoring older ones by prefix", async () => {
    const dir = tempDir();
    writeIn(dir, 'Cargo.lock', 'version = 4\n');
    const rust = languageById('rust')!;
    const [cargo] = await languageEntries(rust, new Project(dir), machine());
    assert.match(cargo!.key, new RegExp(`^primatomic-cargo-${PLATFORM}-[0-9a-f]{16}$`));
    assert.deepEqual(cargo!.restoreKeys, [`primatomic-cargo-${PLATFORM}-`]);
    writeIn(dir, 'Cargo.lock', 'version = 4\n# changed\n');
    const relocked = (await languageEntries(rust, new Project(dir), machine()))[0]!.key;
    assert.notEqual(relocked, cargo!.key);
    const newRustc = (await languageEntries(rust, new Project(dir), machine('rustc 1.97.0')))[0]!.key;
    assert.notEqual(newRustc, relocked, 'a new compiler starts a new entry');
  });

  it('keeps no npm or pip cache: a JS, TS or Python build needs only its tools, in the tool cache', async () => {
    for (const id of ['js', 'ts', 'python']) {
      assert.deepEqual(await languageEntries(languageById(id)!, new Project(tempDir()), machine()), [], id);
    }
  });

  it("keeps cargo's downloads and release builds, not the debug builds of other steps", async () => {
    const dir = tempDir();
    writeIn(dir, 'Cargo.toml', '[package]\nname = "view"\n');
    const [cargo] = await languageEntries(languageById('rust')!, new Project(dir), machine());
    const target = path.join(dir, 'target');
    assert.deepEqual(cargo!.paths, [
      path.join(HOME, '.cargo/registry/index'),
      path.join(HOME, '.cargo/registry/cache'),
      path.join(HOME, '.cargo/git/db'),
      path.join(target, 'release'),
      path.join(target, 'wasm32-unknown-unknown/release'),
      path.join(target, 'wasm32-wasip1/release'),
    ]);
  });

  it("builds Go views with caches of the action's own, the folders it saves, unless the job sets its own", async () => {
    const saved = { GOCACHE: process.env.GOCACHE, GOMODCACHE: process.env.GOMODCACHE };
    try {
      delete process.env.GOCACHE;
      delete process.env.GOMODCACHE;
      const [go] = await languageEntries(languageById('go')!, new Project(tempDir()), machine());
      const { GOCACHE, GOMODCACHE } = goWasmEnv();
      assert.deepEqual(go!.paths, [GOMODCACHE, GOCACHE]);
      assert.ok(GOCACHE!.startsWith(path.join(toolCacheRoot(), 'primatomic-caches')), GOCACHE);
      const own = { GOCACHE: '/cache/go-build', GOMODCACHE: '/cache/mod' };
      Object.assign(process.env, own);
      assert.deepEqual(goWasmEnv(), { GOOS: 'wasip1', GOARCH: 'wasm', ...own });
      const [theirs] = await languageEntries(languageById('go')!, new Project(tempDir()), {
        ...machine(),
        env: process.env,
      });
      assert.deepEqual(theirs!.paths, [own.GOMODCACHE, own.GOCACHE]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

const HOME = '/home/runner';

/** A runner whose compilers answer `compiler` to a version question. */
function machine(compiler = 'rustc 1.96.0'): CacheMachine {
  return { home: HOME, env: {}, ask: async () => compiler };
}

describe('asking a compiler its version for a cache key', () => {
  it("asks from a neutral folder, not the project's (where a go.mod or a pip/ folder would have a say)", {
    skip: process.platform === 'win32' && 'a POSIX shell script stands in for go',
  }, async () => {
    const bin = tempDir('primatomic-fake-go-');
    const asked = path.join(bin, 'asked-from');
    writeIn(bin, 'go', `#!/bin/sh\npwd > "${asked}"\necho go1.26.0\n`);
    chmodSync(path.join(bin, 'go'), 0o755);
    const project = tempDir('primatomic-asked-');
    writeIn(project, 'go.mod', 'module example.com/view\n\ngo 1.26\n\ntoolchain go1.99.9\n');
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      const [go] = await languageEntries(languageById('go')!, new Project(project));
      assert.match(go!.key, /^primatomic-go-/);
    } finally {
      process.env.PATH = saved;
    }
    const folder = readFileSync(asked, 'utf8').trim();
    assert.ok(!path.resolve(folder).startsWith(path.resolve(project)), folder);
  });
});

describe('saving caches', () => {
  it("saves nothing from runs that build untrusted code with the base repository's scope", () => {
    for (const event of ['pull_request_target', 'workflow_run', 'issue_comment']) {
      assert.match(whyNoCacheSave({ GITHUB_EVENT_NAME: event }) ?? '', new RegExp(`a ${event} run builds code`));
    }
    assert.equal(whyNoCacheSave({ GITHUB_EVENT_NAME: 'push' }), undefined);
  });
});

describe('pull requests from forks', () => {
  const event = (head: string, base: string) =>
    writeIn(
      tempDir(),
      'event.json',
      JSON.stringify({ pull_request: { head: { repo: { full_name: head } }, base: { repo: { full_name: base } } } }),
    );

  it('are recognised from the event payload', () => {
    assert.equal(
      isForkPullRequest({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('someone/view', 'acme/view') }),
      true,
    );
    assert.equal(
      isForkPullRequest({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('acme/view', 'acme/view') }),
      false,
    );
    assert.equal(
      isForkPullRequest({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event('someone/view', 'acme/view') }),
      false,
    );
  });

  it('make the post step save nothing', () => {
    const state = JSON.stringify([{ name: 'npm', key: 'k', restoreKeys: [], paths: ['/tmp'], hit: false }]);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/post.js')], {
      env: {
        PATH: process.env.PATH,
        'STATE_primatomic-cache-entries': state,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event('someone/view', 'acme/view'),
      },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Not saving caches: a pull request from a fork\./);
  });
});

describe('the post step', () => {
  it('turns a cache service failure into a warning, claims nothing saved, and exits 0', () => {
    const state = JSON.stringify([{ name: 'npm', key: 'k', restoreKeys: [], paths: [tempDir()], hit: false }]);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/post.js')], {
      env: { PATH: process.env.PATH, 'STATE_primatomic-cache-entries': state },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^::warning::Failed to save: .*Cache Service Url not found/m);
    assert.doesNotMatch(result.stdout, /Saved the npm cache/);
  });

  it('does not try to save a tool this run did not install (its folder does not exist)', () => {
    const missing = path.join(tempDir(), 'cargo-component-crates-io/0.21.1/x64');
    const state = JSON.stringify([
      { name: 'cargo-component', key: 'k', restoreKeys: [], paths: [missing], hit: false },
    ]);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/post.js')], {
      env: { PATH: process.env.PATH, 'STATE_primatomic-cache-entries': state },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
  });

  it('does nothing when the main step restored nothing', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/post.js')], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '');
  });
});
