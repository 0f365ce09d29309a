// `npm run other-ci`: the CLI's doors outside GitHub, run by the tools their users run them with, on the package as
// `npm pack` makes it (installed by npx inside the job, as a registry version would be):
//   - the GitLab CI/CD component (templates/primatomic-view.yml) through gitlab-ci-local with the shell executor,
//     included with `include: component:` at the project's own commit (GitLab's documented way to test a
//     component): the Go and Python examples pass, and a Go view whose Query has the wrong type fails (allowed to
//     fail) with its JUnit report and summary saying where;
//   - the pre-commit hook (.pre-commit-hooks.yaml) through `pre-commit try-repo`: passes on the Go example, fails on
//     the broken view naming its line.
// dist/ is what is packed: run `npm run bundle` first after changing the sources.
// gitlab-ci-local (npm; it needs Node 24, first on PATH from node_modules) and pre-commit (PyPI) are installed,
// pinned, into node_modules/.cache the first time. Nothing leaves the machine but those installs: the GitLab
// project's remote is never contacted (its host does not resolve).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_WASM_TOOLS_ROOT } from './install-wasm-tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE = path.join(ROOT, 'node_modules/.cache');
const GITLAB_CI_LOCAL_VERSION = '4.75.1';
const PRE_COMMIT_VERSION = '4.7.0';
const WORK = path.join(tmpdir(), 'primatomic-other-ci');

/** Node 24 and the tests' wasm-tools first on PATH (the job would otherwise download wasm-tools from github.com). */
const PATH = [path.join(ROOT, 'node_modules/.bin'), path.join(TEST_WASM_TOOLS_ROOT, 'bin'), process.env.PATH].join(
  path.delimiter,
);
const ENV = { ...process.env, PATH, CI: undefined, GITLAB_CI: undefined };

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function gitlabCiLocal(): string {
  const prefix = path.join(CACHE, 'gitlab-ci-local');
  const bin = path.join(prefix, 'node_modules/.bin/gitlab-ci-local');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--prefix',
        prefix,
        `gitlab-ci-local@${GITLAB_CI_LOCAL_VERSION}`,
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  return bin;
}

function preCommit(): string {
  const venv = path.join(CACHE, 'pre-commit');
  const bin = path.join(venv, 'bin/pre-commit');
  if (!existsSync(bin) || !sh(bin, ['--version'], ROOT).output.includes(PRE_COMMIT_VERSION)) {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(
      path.join(venv, 'bin/pip'),
      ['install', '--quiet', '--disable-pip-version-check', `pre-commit==${PRE_COMMIT_VERSION}`],
      {
        stdio: 'inherit',
      },
    );
  }
  return bin;
}

/** A git repository made of these files, committed. */
function repository(dir: string, files: (dir: string) => void, remote?: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  files(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch', 'main');
  if (remote) git('remote', 'add', 'origin', remote);
  git('add', '--all');
  git('-c', 'user.name=other-ci', '-c', 'user.email=other-ci@localhost', 'commit', '--quiet', '-m', 'views');
  return dir;
}

/** The Go example with `Query` of the wrong type: the build fails on its line. */
function brokenGoView(into: string): void {
  cpSync(path.join(ROOT, 'examples/go'), into, { recursive: true, filter: (file) => !file.includes('/build') });
  const main = path.join(into, 'main.go');
  const source = readFileSync(main, 'utf8');
  const broken = source.replace('func Query(input []byte) []byte {', 'func Query(input string) string {');
  if (broken === source) throw new Error('examples/go/main.go has no `func Query(input []byte) []byte {` to break');
  writeFileSync(main, broken);
}

const failures: string[] = [];
function expect(what: string, held: boolean, output: string): void {
  console.log(`${held ? '✔' : '✖'} ${what}`);
  if (!held) {
    failures.push(what);
    console.log(output.split('\n').slice(-60).join('\n'));
  }
}

function pack(): string {
  const dir = path.join(WORK, 'package');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
  return path.join(dir, readdirSync(dir).find((file) => file.endsWith('.tgz'))!);
}

function gitlab(tarball: string): void {
  const project = repository(
    path.join(WORK, 'gitlab'),
    (dir) => {
      cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
      for (const example of ['go', 'python']) {
        cpSync(path.join(ROOT, 'examples', example), path.join(dir, 'views', example), {
          recursive: true,
          filter: (file) => !file.includes('/build') && !file.includes('__pycache__'),
        });
      }
      brokenGoView(path.join(dir, 'views/broken'));
      const include = (job: string, folder: string) => [
        `  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/primatomic-view@$CI_COMMIT_SHA`,
        '    inputs:',
        `      job-name: ${job}`,
        `      working-directory: views/${folder}`,
        `      version: ${tarball}`,
      ];
      writeFileSync(
        path.join(dir, '.gitlab-ci.yml'),
        [
          'include:',
          ...include('go-view', 'go'),
          ...include('python-view', 'python'),
          ...include('broken-view', 'broken'),
          '',
          '# The broken view must fail; the pipeline goes on.',
          'broken-view:',
          '  allow_failure: true',
          '',
        ].join('\n'),
      );
    },
    'https://gitlab.primatomic.invalid/primatomic/views.git',
  );
  const run = sh(
    gitlabCiLocal(),
    ['--force-shell-executor', '--shell-isolation', '--home', path.join(WORK, 'gitlab-home')],
    project,
  );
  const artifact = (job: string, file: string) => {
    const at = path.join(project, '.gitlab-ci-local/artifacts', job, file);
    return existsSync(at) ? readFileSync(at, 'utf8') : '';
  };
  expect('GitLab: the pipeline passes (the broken view allowed to fail)', run.code === 0, run.output);
  for (const job of ['go-view', 'python-view']) {
    expect(`GitLab: ${job} passes`, new RegExp(`PASS\\s+${job}`).test(run.output), run.output);
    const junit = artifact(job, 'primatomic-view-report.xml');
    expect(
      `GitLab: ${job}'s JUnit report holds every rule, none failed`,
      /<testsuite name="validation" tests="7" failures="0"/.test(junit) &&
        /<testsuite name="conformance" tests="7" failures="0"/.test(junit),
      junit || run.output,
    );
    expect(
      `GitLab: ${job}'s summary is an artifact`,
      /## Conformance test: ✅ passed/.test(artifact(job, 'primatomic-view-summary.md')),
      run.output,
    );
  }
  expect('GitLab: broken-view fails, allowed to', /WARN\s+broken-view/.test(run.output), run.output);
  const brokenJunit = artifact('broken-view', 'primatomic-view-report.xml');
  expect(
    "GitLab: broken-view's JUnit report names the line at fault",
    /<testsuite name="build" tests="1" failures="1"/.test(brokenJunit) &&
      /\nviews\/broken\/main\.go:\d+: error: Query has type func\(input string\) string/.test(brokenJunit),
    brokenJunit || run.output,
  );
}

function preCommitHook(): void {
  const bin = preCommit();
  // try-repo takes the hook repository's tracked files: a checkout of this one with its changes, as a commit.
  const hooks = repository(path.join(WORK, 'hooks'), (dir) => {
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file && existsSync(path.join(ROOT, file)));
    for (const file of tracked) cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
  });
  const home = path.join(WORK, 'pre-commit-home');
  const env = { ...ENV, PRE_COMMIT_HOME: home, XDG_CACHE_HOME: path.join(WORK, 'cache') };
  const good = repository(path.join(WORK, 'pre-commit-good'), (dir) =>
    cpSync(path.join(ROOT, 'examples/go'), dir, { recursive: true, filter: (file) => !file.includes('/build') }),
  );
  const passed = sh(bin, ['try-repo', hooks, 'primatomic-view-check', '--all-files', '--verbose'], good, env);
  expect(
    'pre-commit: the hook passes on the Go example',
    passed.code === 0 &&
      /primatomic-view check\.+Passed/.test(passed.output) &&
      /Every check held\./.test(passed.output),
    passed.output,
  );
  const bad = repository(path.join(WORK, 'pre-commit-bad'), brokenGoView);
  const failed = sh(bin, ['try-repo', hooks, 'primatomic-view-check', '--all-files'], bad, env);
  expect(
    'pre-commit: the hook fails on the broken view, naming its line',
    failed.code === 1 &&
      /primatomic-view check\.+Failed/.test(failed.output) &&
      /main\.go:\d+:1: error: Query has type func\(input string\) string/.test(failed.output),
    failed.output,
  );
}

if (import.meta.main) {
  const started = performance.now();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const tarball = pack();
  gitlab(tarball);
  preCommitHook();
  console.log(
    `${failures.length === 0 ? 'All held' : `${failures.length} failed`} in ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s.`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}
