import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isForkPullRequest, languageEntries, toolchainEntries } from '../../src/cache/cache-plan.ts';
import { languageById } from '../../src/languages/index.ts';
import type { CacheMachine } from '../../src/languages/language.ts';
import { toolCacheFolder } from '../../src/toolchain/tool-cache.ts';
import { POSIX_ONLY } from '../support/platform.ts';
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
      key: `primatomic-tool-primatomic-componentize-py-0.25.1-${PLATFORM}`,
      restoreKeys: [],
      paths: [folder, `${folder}.complete`],
    });
  });

  it('keys the language caches by the lockfile, restoring older ones by prefix', async () => {
    const dir = tempDir();
    writeIn(dir, 'Cargo.lock', 'version = 4\n');
    const rust = languageById('rust')!;
    const [cargo] = await languageEntries(rust, dir, machine('linux'));
    assert.match(cargo!.key, new RegExp(`^primatomic-cargo-${PLATFORM}-[0-9a-f]{16}$`));
    assert.deepEqual(cargo!.restoreKeys, [`primatomic-cargo-${PLATFORM}-`]);
    assert.ok(cargo!.paths.includes(path.join(dir, 'target')));
    writeIn(dir, 'Cargo.lock', 'version = 4\n# changed\n');
    assert.notEqual((await languageEntries(rust, dir, machine('linux')))[0]!.key, cargo!.key);
    const [npm] = await languageEntries(languageById('ts')!, dir, machine('linux'));
    assert.equal(npm!.key, `primatomic-npm-${PLATFORM}-none`);
  });

  it("asks each tool where its cache is, as the runner's tools have it", { skip: POSIX_ONLY }, async () => {
    const dir = tempDir();
    const answer = (command: string, ...args: string[]) =>
      execFileSync(command, args, { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    const paths = async (id: string) => (await languageEntries(languageById(id)!, dir))[0]!.paths;
    assert.deepEqual(await paths('js'), answer('npm', 'config', 'get', 'cache'));
    assert.deepEqual(await paths('python'), answer('python3', '-m', 'pip', 'cache', 'dir'));
    assert.deepEqual(await paths('go'), answer('go', 'env', 'GOMODCACHE', 'GOCACHE'));
  });

  it("falls back to each platform's own folders when a tool cannot say", async () => {
    const paths = async (id: string, platform: NodeJS.Platform) =>
      (await languageEntries(languageById(id)!, tempDir(), machine(platform)))[0]!.paths;
    const local = 'C:\\Users\\runner\\AppData\\Local';
    assert.deepEqual(await paths('js', 'win32'), [path.join(local, 'npm-cache')]);
    assert.deepEqual(await paths('python', 'win32'), [path.join(local, 'pip', 'Cache')]);
    assert.deepEqual(await paths('python', 'darwin'), [path.join(HOME, 'Library', 'Caches', 'pip')]);
    assert.deepEqual(await paths('python', 'linux'), [path.join(HOME, '.cache', 'pip')]);
    assert.deepEqual(await paths('go', 'win32'), [path.join(HOME, 'go', 'pkg', 'mod'), path.join(local, 'go-build')]);
    assert.deepEqual(await paths('go', 'darwin'), [
      path.join(HOME, 'go', 'pkg', 'mod'),
      path.join(HOME, 'Library', 'Caches', 'go-build'),
    ]);
  });
});

const HOME = '/home/runner';

/** A machine of that platform whose tools cannot answer: the defaults apply. */
function machine(platform: NodeJS.Platform): CacheMachine {
  const env = platform === 'win32' ? { LOCALAPPDATA: 'C:\\Users\\runner\\AppData\\Local' } : {};
  return { home: HOME, platform, env, ask: async () => undefined };
}

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
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: event('someone/view', 'acme/view'),
      },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Not saving caches from a pull request of a fork\./);
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
