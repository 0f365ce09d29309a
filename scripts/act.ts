// `npm run act`: the workflows as a runner runs them, through nektos/act (an independent implementation of the
// Actions runner) in host mode, no Docker:
//   - e2e.yml's examples job on ubuntu-latest, every example, outputs asserted by the workflow itself;
//   - e2e.yml's deploy job, against the emulator, with a verify query;
//   - e2e.yml's proxy job, behind a real squid from Debian's packages;
//   - release.yml on a release event whose tag is package.json's version (passes, moves nothing) and on one whose
//     tag is not (refused).
// Remote setup actions are replaced by the stand-ins in test/act/stand-ins (the machine has the tools); act checks
// out the repository itself. Each run starts with an empty tool cache and cache server, as a new runner does.
//
//   npm run act                         every run above (what .ci/run does)
//   npm run act -- --only deploy        one of them (examples, deploy, proxy, release, release-wrong-tag)
//   npm run act -- --caches             what the Actions cache holds per example, and the warm run it buys
//
// act is built from the Go module proxy into node_modules/.cache/bin the first time (about 1.5 min).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { TEST_WASM_TOOLS_ROOT } from './install-wasm-tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ACT_VERSION = '0.2.89';
const BIN = path.join(ROOT, 'node_modules/.cache/bin');
// Outside the checkout (the runner copies it) and outside any node_modules (where Node strips no types).
const WORK = path.join(tmpdir(), 'primatomic-act');
const STAND_INS = path.join(ROOT, 'test/act/stand-ins');
const EXAMPLES = ['js', 'ts', 'python', 'rust', 'go'];

interface ActRun {
  name: string;
  workflow: string;
  args: string[];
  /** A release event's payload, given to act with -e. */
  event?: object;
  expect: 'success' | 'failure';
  /** What the log must say (each job's verdict, the workflow's own checks). */
  says: RegExp[];
}

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const release = (tag: string) => ({ action: 'published', release: { tag_name: tag, name: tag } });
const succeeded = (job: string) => new RegExp(`\\[End to end/${job}\\s*\\] 🏁 {2}Job succeeded`);

const RUNS: ActRun[] = [
  {
    name: 'examples',
    workflow: 'e2e.yml',
    args: ['-j', 'examples', '--matrix', 'os:ubuntu-latest'],
    expect: 'success',
    says: EXAMPLES.map((example) => succeeded(`examples/${example} on ubuntu-latest(-\\d+)?`)),
  },
  {
    name: 'deploy',
    workflow: 'e2e.yml',
    args: ['-j', 'deploy'],
    expect: 'success',
    says: [
      succeeded('deploy to the emulator, with a verify query'),
      /POST \/logs\/[0-9a-f-]+\/views\/counter-[0-9a-f]{12}/,
    ],
  },
  {
    name: 'proxy',
    workflow: 'e2e.yml',
    args: ['-j', 'proxy'],
    expect: 'success',
    says: [succeeded('behind a squid proxy'), /CONNECT pypi\.org:443/],
  },
  {
    name: 'release',
    workflow: 'release.yml',
    args: [],
    event: release(`v${version}`),
    expect: 'success',
    says: [/Job succeeded/, new RegExp(`Run locally \\(act\\): v${version.split('.')[0]} would move to [0-9a-f]{40}`)],
  },
  {
    name: 'release-wrong-tag',
    workflow: 'release.yml',
    args: [],
    event: release('v0.0.1'),
    expect: 'failure',
    says: [new RegExp(`The release tag v0\\.0\\.1 is not package\\.json's v${version.replaceAll('.', '\\.')}`)],
  },
];

const { values } = parseArgs({ options: { only: { type: 'string', multiple: true }, caches: { type: 'boolean' } } });

if (import.meta.filename === process.argv[1]) {
  const act = ensureAct();
  mkdirSync(WORK, { recursive: true });
  if (values.caches) await measureCaches(act);
  else await runAll(act, values.only);
}

async function runAll(act: string, only: string[] | undefined): Promise<void> {
  const unknown = (only ?? []).filter((name) => !RUNS.some((run) => run.name === name));
  if (unknown.length > 0)
    fail(`No run named ${unknown.join(', ')}; the runs: ${RUNS.map((run) => run.name).join(', ')}`);
  const failed: string[] = [];
  for (const run of RUNS.filter((candidate) => !only || only.includes(candidate.name))) {
    const home = freshHome(run.name);
    const result = await runAct(act, run, home);
    const missing = run.says.filter((pattern) => !pattern.test(result.log));
    const verdictHolds = (result.code === 0) === (run.expect === 'success');
    const ok = verdictHolds && missing.length === 0;
    console.log(`${ok ? '✔' : '✖'} ${run.name}: act exited ${result.code} in ${(result.ms / 1000).toFixed(1)} s`);
    if (!ok) {
      failed.push(run.name);
      if (!verdictHolds) console.log(`  expected the workflow to ${run.expect === 'success' ? 'pass' : 'fail'}`);
      for (const pattern of missing) console.log(`  the log does not say ${pattern}`);
      console.log(`  log: ${result.logFile}; its end:\n${result.log.split('\n').slice(-60).join('\n')}`);
    } else rmSync(home, { recursive: true, force: true });
  }
  if (failed.length > 0) fail(`act: ${failed.join(', ')} failed.`);
}

/**
 * For each example: a first run with an empty Actions cache, then a run on a new runner (every folder of the first
 * removed, the same paths) that restores what the first saved. Prints a Markdown table for the README.
 */
async function measureCaches(act: string): Promise<void> {
  const rows: string[] = [];
  for (const example of EXAMPLES) {
    const cacheServer = freshHome(`cache-server-${example}`);
    const run = (suffix: string) =>
      runAct(
        act,
        {
          name: `examples-${example}-${suffix}`,
          workflow: 'e2e.yml',
          args: ['-j', 'examples', '--matrix', 'os:ubuntu-latest', '--matrix', `example:${example}`],
          expect: 'success',
          says: [],
        },
        freshHome(`caches-${example}`),
        cacheServer,
        // act puts each job's workspace in a new folder; a runner's is always the same, and so are cache paths.
        { CARGO_TARGET_DIR: path.join(WORK, `caches-${example}-target`) },
      );
    rmSync(path.join(WORK, `caches-${example}-target`), { recursive: true, force: true });
    const cold = await run('cold');
    rmSync(path.join(WORK, `caches-${example}-target`), { recursive: true, force: true });
    const warm = await run('warm');
    for (const result of [cold, warm]) if (result.code !== 0) fail(`examples/${example}: see ${result.logFile}`);
    const saved = [...cold.log.matchAll(/Cache Size: ~\d+ MB \((\d+) B\)[\s\S]*?Saved the (.+) cache \(/g)].map(
      ([, bytes, name]) => `${name} ${(Number(bytes) / 1e6).toFixed(1)} MB`,
    );
    const restored = [...warm.log.matchAll(/Restored the (.+) cache \(/g)].length;
    rows.push(
      `| ${example} | ${saved.join(', ') || 'nothing'} | ${actionStep(cold.log)} | ${actionStep(warm.log)} ` +
        `(${restored} of ${saved.length} restored) |`,
    );
  }
  console.log('| Example | Saved to the Actions cache (compressed) | First run | Next run, on a new runner |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

/** How long the action's step took, from act's "Success - Main ./ [1m2.5s]". */
function actionStep(log: string): string {
  const duration = /Success - Main \.\/ \[(?:(\d+)m)?([\d.]+)(ms|s)\]/.exec(log);
  if (!duration) return '?';
  const [, minutes = '0', amount = '0', unit] = duration;
  const total = Number(minutes) * 60 + Number(amount) / (unit === 'ms' ? 1000 : 1);
  return `${total.toFixed(1)} s`;
}

/** act, pinned, from the Go module proxy (as .ci/run builds actionlint). */
function ensureAct(): string {
  const act = path.join(BIN, 'act');
  const installed = existsSync(act) && execFileSync(act, ['--version'], { encoding: 'utf8' }).trim();
  if (installed !== `act version ${ACT_VERSION}`) {
    console.log(`Building act ${ACT_VERSION} from the Go module proxy (about 1.5 min, once).`);
    execFileSync('go', ['install', `github.com/nektos/act@v${ACT_VERSION}`], {
      env: { ...process.env, GOBIN: BIN },
      stdio: 'inherit',
    });
  }
  return act;
}

/** A folder that stands for a new runner's caches: act's tool cache and the cache server's store live under it. */
function freshHome(name: string): string {
  const home = path.join(WORK, name);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  return home;
}

async function runAct(act: string, run: ActRun, home: string, cacheServer = home, env: NodeJS.ProcessEnv = {}) {
  const workflow = path.join('.github/workflows', run.workflow);
  const args = [
    '-W',
    workflow,
    ...run.args,
    '-P',
    'ubuntu-latest=-self-hosted',
    ...standIns(workflow),
    '--cache-server-addr',
    '127.0.0.1',
    '--cache-server-path',
    path.join(cacheServer, 'cache-server'),
    '--env-file',
    '/dev/null',
  ];
  if (run.event) {
    const eventFile = path.join(home, 'event.json');
    writeFileSync(eventFile, JSON.stringify(run.event));
    args.unshift('release', '-e', eventFile);
  }
  const logFile = path.join(WORK, `${run.name}.log`);
  const started = Date.now();
  const output: Buffer[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(act, args, {
      cwd: ROOT,
      env: { ...runnerEnv(home), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit ?? 1));
  });
  const log = Buffer.concat(output).toString('utf8');
  writeFileSync(logFile, log);
  return { code, log, logFile, ms: Date.now() - started };
}

/**
 * The runner's environment: Node 24 first on PATH (the action's runtime), the tests' wasm-tools (a runner without
 * access to github.com has it on PATH), and every cache the tools keep in a folder of this run's own.
 */
function runnerEnv(home: string): NodeJS.ProcessEnv {
  const toolPath = [path.join(ROOT, 'node_modules/.bin'), path.join(TEST_WASM_TOOLS_ROOT, 'bin')];
  return {
    ...process.env,
    PATH: [...toolPath, process.env.PATH].join(path.delimiter),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    npm_config_cache: path.join(home, 'npm'),
    CARGO_HOME: path.join(home, 'cargo'),
  };
}

/** `--local-repository` for every remote action the workflow uses: its stand-in, or an error naming the missing one. */
function standIns(workflow: string): string[] {
  const document = parseYaml(readFileSync(path.join(ROOT, workflow), 'utf8')) as {
    jobs: Record<string, { steps?: Array<{ uses?: string }> }>;
  };
  const remote = Object.values(document.jobs)
    .flatMap((job) => job.steps ?? [])
    .map((step) => step.uses)
    .filter((uses): uses is string => !!uses && !uses.startsWith('./') && !uses.startsWith('actions/checkout@'));
  return [...new Set(remote)].flatMap((uses) => {
    const [repository] = uses.split('@') as [string];
    const standIn = path.join(STAND_INS, repository.split('/')[1]!);
    if (!existsSync(path.join(standIn, 'action.yml')))
      fail(`${workflow} uses ${uses}, which has no stand-in in ${STAND_INS}`);
    return ['--local-repository', `${uses}=${standIn}`];
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
