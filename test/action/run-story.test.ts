/**
 * Every run tells the whole story, through the bundled action: the checks run whatever the deploy settings say,
 * the summary keeps every stage whatever goes wrong, each new component deploys under a name of its own, and
 * errors point at their cause.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { project } from '../support/project.ts';
import { copyOfAction, ROOT, runAction, TEST_TOOL_CACHE } from '../support/run-action.ts';
import { tempDir } from '../support/tmp.ts';

const TOKEN = 'story-token-0815';
let actionDir: string;
let emulator: Emulator;
before(async () => {
  actionDir = copyOfAction();
  emulator = await Emulator.start({ tokens: [TOKEN] });
});
after(() => emulator.close());

/** A copy of examples/go (the quickest build): a build section in every summary. */
function goExample(): string {
  const dir = path.join(tempDir('primatomic-story-'), 'go');
  cpSync(path.join(ROOT, 'examples/go'), dir, { recursive: true, filter: (source) => !source.endsWith('/build') });
  return dir;
}

const TESTS = { 'test-events': 'test/events.ndjson', 'test-queries': 'test/queries.jsonl' };
const deploying = (logId: string, extra: Record<string, string> = {}) => ({
  ...TESTS,
  deploy: 'true',
  'api-url': emulator.url,
  'api-token': TOKEN,
  'log-id': logId,
  ...extra,
});
const env = { RUNNER_TOOL_CACHE: TEST_TOOL_CACHE };

function assertAllChecksReported(summary: string): void {
  assert.match(summary, /^## Build: ✅ Go$/m);
  assert.match(summary, /^## Primatomic view <code>view\.wasm<\/code>: ✅ valid$/m);
  assert.match(summary, /^## Conformance test: /m);
}

describe('a run whose deploy cannot happen', () => {
  it('still builds, validates and tests the view when the token is empty, and says why it did not deploy', async () => {
    const run = await runAction(deploying(emulator.createLog('story-token'), { 'api-token': '' }), {
      actionDir,
      cwd: goExample(),
      env,
    });
    assert.equal(run.code, 1);
    assertAllChecksReported(run.summary);
    assert.match(run.summary, /^## Conformance test: ✅ passed$/m);
    assert.match(run.summary, /^## Deploy: ❌ not deployed\n\nInput api-token: is empty/m);
    assert.equal(run.outputs.conformance, 'passed');
    assert.equal(run.outputs['view-url'], undefined);
  });

  it('keeps the build, validation and conformance sections when the deploy fails', async () => {
    const logId = emulator.createLog('story-refused');
    emulator.faults.push({ route: 'deploy', status: 403 });
    const run = await runAction(deploying(logId), { actionDir, cwd: goExample(), env });
    assert.equal(run.code, 1);
    assertAllChecksReported(run.summary);
    assert.match(run.summary, /^## Deploy: ❌ failed$/m);
    assert.equal(run.outputs.deployed, 'false');
    assert.equal(run.outputs['view-url'], undefined);
  });
});

describe('a bad sample file', () => {
  it('fails in milliseconds on its line, and the build and validation still run and report', async () => {
    const cwd = goExample();
    writeFileSync(path.join(cwd, 'test/queries.jsonl'), '{"input": "total"}\n{"input": "total", "expect": 25}\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Primatomic input test-queries,file=test\/queries\.jsonl,line=2::/,
    );
    assertAllChecksReported(run.summary);
    assert.match(run.summary, /^## Conformance test: ⏭️ not run\n\nInput test-queries: /m);
    assert.match(run.summary, /^## Inputs: ❌ problems$/m);
    assert.equal(run.outputs.conformance, 'skipped');
    // The error is known before the build starts: it is printed before the build's first line.
    assert.ok(
      run.stdout.indexOf('title=Primatomic input test-queries') < run.stdout.indexOf('::group::Build the view'),
    );
  });

  it('refuses an events file that is a JSON array: one event per line', async () => {
    const cwd = goExample();
    writeFileSync(path.join(cwd, 'test/events.ndjson'), '[\n  {"inc": 10},\n  {"inc": 20}\n]\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /file=test\/events\.ndjson,line=1::Input test-events: .* holds a JSON array, not one event per line/,
    );
  });
});

describe('view names', () => {
  it('deploys each new component under its own name, and a re-run of the same one uploads nothing', async () => {
    const logId = emulator.createLog('story-names');
    const cwd = goExample();
    const first = await runAction(deploying(logId), { actionDir, cwd, env });
    assert.equal(first.code, 0, first.stdout);
    const sha = first.outputs['component-sha256']!;
    assert.equal(first.outputs['view-name'], `counter-${sha.slice(0, 12)}`);
    assert.equal(first.outputs.deployed, 'true');

    const uploads = () =>
      emulator.requests.filter((request) => request.route === 'deploy' && request.path.includes(logId));
    const again = await runAction(deploying(logId), { actionDir, cwd, env });
    assert.equal(again.code, 0, again.stdout);
    assert.equal(again.outputs['view-name'], first.outputs['view-name']);
    assert.equal(again.outputs.deployed, 'false');
    assert.match(again.summary, /^## Deploy: ✅ already deployed$/m);
    assert.match(again.stdout, /This exact component is already deployed as counter-[0-9a-f]{12}/);
    assert.deepEqual(
      uploads().map((request) => request.bodyBytes > 0),
      [true, false],
      'the second run sent no component: the server refused the taken name before the body',
    );

    writeFileSync(path.join(cwd, 'main.go'), `${readFileSync(path.join(cwd, 'main.go'), 'utf8')}\nvar changed = 1\n`);
    const changed = await runAction(deploying(logId), { actionDir, cwd, env });
    assert.equal(changed.code, 0, changed.stdout);
    assert.notEqual(changed.outputs['component-sha256'], sha);
    assert.notEqual(changed.outputs['view-name'], first.outputs['view-name']);
    assert.equal(changed.outputs.deployed, 'true');
  });
});

describe('errors that point at their cause', () => {
  it('does not retry an api-url whose host does not resolve, and names the host, in under 2 s', async () => {
    const logId = emulator.createLog('story-typo');
    const hook = path.join(ROOT, 'test/support/unresolvable-hosts.ts');
    const run = await runAction(deploying(logId, { 'api-url': 'https://api.primatomic.invalid' }), {
      actionDir,
      cwd: goExample(),
      env: { ...env, NODE_OPTIONS: `--import=${hook}` },
    });
    assert.equal(run.code, 1);
    const failure = run.errors.find((line) => line.startsWith('::error title=Primatomic deploy::')) ?? '';
    assert.match(failure, /The host of api-url, api\.primatomic\.invalid, does not resolve \(ENOTFOUND\)/);
    assert.match(failure, /Check api-url \(https:\/\/api\.primatomic\.invalid\/\) for a typo/);
    const attempts = [...run.summary.matchAll(/^\| (\d+) \| ENOTFOUND.* \| (\d+) ms \|/gm)];
    assert.equal(attempts.length, 1, run.summary);
    assert.ok(Number(attempts[0]![2]) < 2000);
  });

  it("shows a JavaScript view's exception and the event's bytes when append throws", async () => {
    const cwd = project({
      'package.json': JSON.stringify({ name: 'thrower', main: 'view.js' }),
      'view.js': `let count = 0;
export const machine = {
  init() { count = 0; },
  append(event) {
    const text = new TextDecoder().decode(event);
    if (text.includes('boom')) throw new Error(\`cannot apply \${text}\`);
    count++;
  },
  query() { return new TextEncoder().encode(String(count)); },
  snapshot() { return new TextEncoder().encode(String(count)); },
  restore(snapshot) { count = Number(new TextDecoder().decode(snapshot)); },
};
`,
      'events.ndjson': '{"a":1}\n{"boom":1}\n',
    });
    const run = await runAction({ 'test-events': 'events.ndjson' }, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /file=events\.ndjson,line=2::append of event 2 \(line 2 of events\.ndjson: \{"boom":1\}\) trapped while running the events: .*The view wrote "Error: cannot apply \{\\"boom\\":1\}"\./,
    );
  });
});

describe('a run that is stopped', { skip: POSIX_ONLY }, () => {
  it('leaves a summary: the stage it was in says it was stopped, the later ones that they did not run', async () => {
    const cwd = goExample();
    const run = await runAction(
      // A child of the shell and a grandchild in the background: the whole group ends with the step.
      { ...TESTS, 'build-command': 'sleep 21.4242 & sleep 21.4243; wait' },
      { actionDir, cwd, env, stopWhen: { output: /build-command: bash/, signal: 'SIGTERM' } },
    );
    assert.equal(run.code, 1);
    assert.match(run.summary, /^## Build: ⏹️ stopped\n\nThe run was stopped \(SIGTERM\) after \d+ s of this stage\./m);
    assert.match(run.summary, /^## Validation: ⏭️ not run\n\nThe run was stopped \(SIGTERM\) before this stage\./m);
    assert.match(run.summary, /^## Conformance test: ⏭️ not run/m);
    assert.match(run.errors.at(-1) ?? '', /^::error::The run was stopped \(SIGTERM\) before it finished/);
    const left = spawnSync('pgrep', ['-f', 'sleep 21.424'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(left, '', 'the build processes ended with the step');
  });
});
