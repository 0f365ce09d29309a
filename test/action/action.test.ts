/**
 * End to end: the committed bundle, run as the runner runs it, from a copy holding only action.yml and dist/
 * (so nothing can come from node_modules).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { jsViewPath } from '../support/js-view.ts';
import { copyOfAction, ROOT, runAction } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { brokenViews, fixtures, machineWit } from '../support/views.ts';

let actionDir: string;

before(() => {
  actionDir = copyOfAction();
});

/** A workspace holding the view at out/view.wasm. */
async function workspace(view: Uint8Array | string): Promise<string> {
  const dir = tempDir('primatomic-workspace-');
  mkdirSync(path.join(dir, 'out'));
  writeIn(dir, 'out/view.wasm', view);
  return dir;
}

describe('the bundled action', () => {
  it('passes a valid view and sets every output', async () => {
    const bytes = await fixtures.valid();
    const cwd = await workspace(bytes);
    const run = await runAction({ component: 'out/view.wasm' }, { actionDir, cwd });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.errors, []);
    assert.deepEqual(run.warnings, []);
    assert.equal(run.stderr, '');
    assert.equal(run.outputs['component-path'], path.join(cwd, 'out/view.wasm'));
    assert.equal(run.outputs['component-size'], String(bytes.length));
    assert.match(run.outputs['component-sha256'] ?? '', /^[0-9a-f]{64}$/);
    assert.match(run.outputs.wit ?? '', /world root \{\n\s+export primatomic:machine\/machine@0\.0\.1;/);
    assert.match(run.summary, /^## Primatomic view <code>view\.wasm<\/code>: ✅ valid$/m);
    assert.match(run.summary, /\| <code>exports<\/code> Exports the world with the exact signatures \| ✅ pass \|/);
    assert.match(
      run.summary,
      /<code>primatomic:machine\/machine@0\.0\.1<\/code> \| <code>append: func\(event: list&lt;u8&gt;\)<\/code>/,
    );
    assert.match(run.summary, /None: the view is self-contained/);
    assert.equal(run.outputs.conformance, 'passed');
    assert.match(run.summary, /^## Conformance test: ✅ passed$/m);
  });

  it("fails a view with a wrong signature, annotating the line of the project's WIT", async () => {
    const cwd = await workspace(await fixtures.wrongSignature());
    mkdirSync(path.join(cwd, 'wit'));
    writeIn(cwd, 'wit/machine.wit', machineWit());
    const line =
      machineWit()
        .split('\n')
        .findIndex((text) => text.includes('query:')) + 1;
    const run = await runAction({ component: 'out/view.wasm' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.equal(run.errors.length, 2, run.errors.join('\n'));
    assert.equal(
      run.errors[0],
      `::error title=Primatomic view%3A Exports the world with the exact ` +
        `signatures,file=wit/machine.wit,line=${line}::primatomic:machine/machine@0.0.1: query has the wrong type: ` +
        `expected query: func(input: list<u8>) -> list<u8>, found query: func(input: list<u8>) -> string.%0AWhat ` +
        `to do: Change query to take and return exactly what the world declares; Primatomic calls it with that ` +
        `signature.`,
    );
    assert.equal(run.errors[1], '::error::The view failed validation: 1 error (the summary lists every finding).');
    assert.match(run.summary, /❌ 1 error, 0 warnings/);
    assert.match(run.summary, /### Findings/);
    assert.match(run.summary, /machine\.wit:\d+/);
  });

  it('annotates the component for a WASI import, and the summary lists the import', async () => {
    const cwd = await workspace(await fixtures.wasiImport());
    const run = await runAction({ component: 'out/view.wasm' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Primatomic view%3A Imports nothing,file=out\/view\.wasm::The view imports 1 interface/,
    );
    assert.match(
      run.summary,
      /### Imports \(1\)\n\n\| Name \| Function \|\n\| --- \| --- \|\n\| <code>wasi:random\/random@0\.2\.0<\/code> \| <code>get-random-u64: func\(\) -&gt; u64<\/code> \|/,
    );
  });

  it('passes with warnings when the import is allowed', async () => {
    const cwd = await workspace(await fixtures.wasiImport());
    const run = await runAction(
      { component: 'out/view.wasm', 'allow-imports': 'wasi:random/random' },
      { actionDir, cwd },
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.warnings.length, 1);
    assert.match(run.summary, /✅ valid, with 1 warning/);
  });

  it('fails a core module and a truncated file with one error each', async () => {
    const bytes = await fixtures.valid();
    for (const [view, pattern] of [
      [await fixtures.coreModule(), /core WebAssembly module/],
      [bytes.slice(0, 100), /truncated/],
    ] as const) {
      const run = await runAction({ component: 'out/view.wasm' }, { actionDir, cwd: await workspace(view) });
      assert.equal(run.code, 1);
      assert.equal(run.errors.length, 2, run.errors.join('\n'));
      assert.match(run.errors[0]!, pattern);
    }
  });

  it('names the input when an input is bad, without a stack trace', async () => {
    const cwd = await workspace(await fixtures.valid());
    const run = await runAction({ component: 'out/view.wasm', 'max-size': '100 parsecs' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.deepEqual(run.errors, [
      '::error title=Primatomic input max-size::Input max-size: "100 parsecs" is not a size. Use a byte count or a ' +
        'number with B, KB, MB, GB, KiB, MiB or GiB (e.g. 100MB).',
      '::error::Input max-size: "100 parsecs" is not a size.',
    ]);
    assert.match(run.summary, /## Validation: ⏭️ not run\n\nInput max-size: "100 parsecs" is not a size\./);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  });

  it('names the language input when working-directory holds no language it knows, not as its own failure', async () => {
    const cwd = tempDir('primatomic-workspace-');
    writeIn(cwd, 'README.md', '# not a view\n');
    const run = await runAction({}, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0]!,
      /^::error title=Primatomic input language::Input language: is auto, and .* has none of/,
    );
    assert.doesNotMatch(run.stdout, /primatomic-view failed|ACTIONS_STEP_DEBUG/);
    assert.match(run.summary, /^## Build: ⏭️ not run\n\nInput language: is auto/m);
  });

  it('names the world input when the build asks for a world the WIT does not have, as an input error', async () => {
    const cwd = await workspace(await fixtures.valid());
    writeIn(cwd, 'package.json', '{"name": "view", "main": "view.js"}');
    writeIn(cwd, 'view.js', 'export const machine = {};');
    const run = await runAction({ world: 'no-such-world' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0]!,
      /^::error title=Primatomic input world::Input world: primatomic:machine@0\.0\.1 has one world, state-machine, not "no-such-world"/,
    );
    assert.doesNotMatch(run.stdout, /primatomic-view failed|ACTIONS_STEP_DEBUG|Installing/);
    assert.match(run.summary, /^## Build: ⏭️ not run\n\nInput world: primatomic:machine@0\.0\.1 has one world/m);
  });

  it("judges a given component by Primatomic's world whatever world says, which only the build uses", async () => {
    const cwd = await workspace(await fixtures.valid());
    const run = await runAction({ component: 'out/view.wasm', world: 'no-such-world' }, { actionDir, cwd });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.warnings.join('\n'), /Input world is ignored: component is set, so the view is not built\./);
  });

  it('ends when it is done, even when a handle is left open', async () => {
    const cwd = await workspace(await fixtures.valid());
    const hook = path.join(ROOT, 'test/support/lingering-handle.ts');
    const started = performance.now();
    const run = await runAction(
      { component: 'out/view.wasm' },
      { actionDir, cwd, env: { NODE_OPTIONS: `--import=${hook}` } },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.conformance, 'passed', 'all of its output was written before it ended');
    assert.ok(performance.now() - started < 60_000);
  });

  it('reports an unexpected failure as the action failing, with a stack trace only in debug', async () => {
    const cwd = await workspace(await fixtures.valid());
    const env = { GITHUB_OUTPUT: cwd }; // a folder: writing the outputs fails
    const plain = await runAction({ component: 'out/view.wasm' }, { actionDir, cwd, env });
    assert.equal(plain.code, 1);
    assert.match(
      plain.errors.at(-1)!,
      /^::error::primatomic-view failed: .*EISDIR.* \(set ACTIONS_STEP_DEBUG to true for a stack trace\)$/,
    );
    assert.doesNotMatch(plain.stdout, /::debug::.*\n\s+at /);
    const debug = await runAction(
      { component: 'out/view.wasm' },
      { actionDir, cwd, env: { ...env, RUNNER_DEBUG: '1' } },
    );
    assert.match(debug.stdout, /::debug::.*EISDIR.*%0A\s+at /);
  });
});

describe("the bundled action's conformance test", () => {
  it('annotates the line of the event a view traps on, and fails', async () => {
    const cwd = await workspace(await brokenViews.trapOnBang());
    writeIn(cwd, 'events.ndjson', 'a\nbb\n\n!\n');
    const run = await runAction({ component: 'out/view.wasm', 'test-events': 'events.ndjson' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.equal(
      run.errors[0],
      '::error title=Primatomic conformance%3A Runs init%2C every event and every query without ' +
        'trapping,file=events.ndjson,line=4::append of event 3 (line 4 of events.ndjson: !) trapped while running ' +
        'the events: wasm trap: wasm `unreachable` instruction executed%0AWhat to do: A trap is the only way a view ' +
        'can fail, and Primatomic does not document what it does then: handle every input without trapping.',
    );
    assert.equal(run.errors.at(-1), '::error::The view failed the conformance test: 1 error.');
    assert.equal(run.outputs.conformance, 'failed');
    assert.match(run.summary, /## Conformance test: ❌ 1 error, 0 warnings/);
  });

  it('skips the conformance test when validation failed', async () => {
    const run = await runAction(
      { component: 'out/view.wasm' },
      { actionDir, cwd: await workspace(await fixtures.coreModule()) },
    );
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conformance, 'skipped');
    assert.match(run.summary, /## Conformance test: ⏭️ not run\n\nThe view failed validation, so it was not run\./);
  });

  it('does not run with conformance: false, and says so', async () => {
    const run = await runAction(
      { component: 'out/view.wasm', conformance: 'false' },
      { actionDir, cwd: await workspace(await fixtures.valid()) },
    );
    assert.equal(run.code, 0);
    assert.equal(run.outputs.conformance, 'skipped');
    assert.match(run.summary, /## Conformance test: ⏭️ not run\n\nconformance is false\./);
    assert.doesNotMatch(run.summary, /Time per append/);
  });

  it('names the line of a bad queries file', async () => {
    const cwd = await workspace(await fixtures.valid());
    writeIn(cwd, 'queries.jsonl', '{"input": "x"}\n{"input": 5}\n');
    const run = await runAction({ component: 'out/view.wasm', 'test-queries': 'queries.jsonl' }, { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0]!,
      /^::error title=Primatomic input test-queries,file=queries\.jsonl,line=2::Input test-queries: .*queries\.jsonl:2: "input" must be a string\./,
    );
    assert.match(run.errors.at(-1)!, /^::error::Input test-queries: .*queries\.jsonl:2: "input" must be a string\./);
  });

  it("runs a real JavaScript view on its events and shows each query's answer", async () => {
    const cwd = tempDir('primatomic-js-');
    cpSync(await jsViewPath(), path.join(cwd, 'view.wasm'));
    writeIn(cwd, 'events.ndjson', '{"inc":1}\n{"inc":2}\n');
    writeIn(
      cwd,
      'queries.jsonl',
      `${JSON.stringify({ input: 'state', expect: `{"count":2,"sum":${sumOf('{"inc":1}') + sumOf('{"inc":2}')}}` })}\n`,
    );
    const run = await runAction(
      { component: 'view.wasm', 'test-events': 'events.ndjson', 'test-queries': 'queries.jsonl' },
      { actionDir, cwd },
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conformance, 'passed');
    assert.match(
      run.summary,
      // The answer's backslashes are escaped for Markdown: the summary shows {\"count\":2,\"sum\":1475}.
      /\| 1 \| <code>"state" \(5 bytes\)<\/code> \| <code>"\{\\\\"count\\\\":2,\\\\"sum\\\\":1475\}" \(22 bytes\)<\/code> \|/,
    );
  });
});

function sumOf(text: string): number {
  return [...new TextEncoder().encode(text)].reduce((a, b) => a + b, 0);
}

describe("the bundled action's deploy", () => {
  const TOKEN = 'super-secret-token-4711';
  let emulator: Emulator;
  before(async () => {
    emulator = await Emulator.start({ tokens: [TOKEN] });
  });
  after(() => emulator.close());

  const deployInputs = (logId: string, extra: Record<string, string> = {}) => ({
    component: 'out/view.wasm',
    deploy: 'true',
    'api-url': emulator.url,
    'api-token': TOKEN,
    'log-id': logId,
    'view-name': 'counter',
    ...extra,
  });

  it('deploys a valid view, sets the outputs, and never prints the token', async () => {
    const bytes = await fixtures.valid();
    const logId = emulator.createLog('deploy-e2e');
    const cwd = await workspace(bytes);
    const run = await runAction(deployInputs(logId, { 'verify-query': 'q' }), { actionDir, cwd });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.deployed, 'true');
    assert.match(run.outputs['view-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(run.outputs['view-url'], `${emulator.url}/logs/${logId}/views/counter`);
    assert.match(run.summary, /## Deploy: ✅ deployed/);
    assert.match(run.summary, /\| 1 \| HTTP 200 \|/);
    const deploys = emulator.requests.filter((r) => r.route === 'deploy' && r.path.includes(logId));
    assert.equal(deploys.length, 1);
    assert.equal(deploys[0]!.bodySha256, run.outputs['component-sha256']);
    assert.match(String(deploys[0]!.headers['user-agent']), /^primatomic-view-action\/\d+\.\d+\.\d+ /);
    // The runner masks what ::add-mask:: announces; nothing else may carry the token.
    const lines = (run.stdout + run.stderr).split('\n').filter((line) => !line.startsWith('::add-mask::'));
    assert.ok(run.stdout.startsWith(`::add-mask::${TOKEN}`), 'the token is masked before anything else is printed');
    assert.ok(
      !lines.join('\n').includes(TOKEN) && !run.summary.includes(TOKEN) && !JSON.stringify(run.outputs).includes(TOKEN),
    );
  });

  it("prints the server's answers so that the runner reads no command in them, and without the token", async () => {
    const logId = emulator.createLog('deploy-forged');
    const forged = `##[set-output name=forged;]yes\n::set-output name=forged2::yes\n::error::forged ${TOKEN}`;
    emulator.faults.push({ route: 'query', status: 200, body: forged });
    const cwd = await workspace(await fixtures.valid());
    const run = await runAction(deployInputs(logId, { 'verify-query': 'q' }), { actionDir, cwd });
    assert.equal(run.code, 0, run.stdout);
    const printed = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    assert.ok(
      printed.some((line) => line.includes('set-output name=forged')),
      'the answer is printed',
    );
    assert.ok(!printed.some((line) => line.includes('##[')), 'no ##[ command');
    assert.ok(!printed.some((line) => /^\s*::(set-output|error::forged)/.test(line)), 'no :: command');
    assert.ok(!printed.join('\n').includes(TOKEN) && !run.summary.includes(TOKEN));
    assert.equal(run.outputs.forged, undefined);
  });

  it('uploads nothing when validation fails', async () => {
    const logId = emulator.createLog('deploy-invalid');
    const run = await runAction(deployInputs(logId), { actionDir, cwd: await workspace(await fixtures.coreModule()) });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.deployed, 'false');
    assert.equal(emulator.requests.filter((r) => r.path.includes(logId)).length, 0);
    assert.match(
      run.summary,
      /## Deploy: ⏭️ not deployed\n\nThe view did not pass the checks above, so nothing was deployed\./,
    );
  });

  it('uploads nothing when the conformance test fails', async () => {
    const logId = emulator.createLog('deploy-nonconforming');
    const cwd = await workspace(await brokenViews.mutatingSnapshot());
    const run = await runAction(deployInputs(logId), { actionDir, cwd });
    assert.equal(run.code, 1);
    assert.equal(emulator.requests.filter((r) => r.path.includes(logId)).length, 0);
  });

  it('warns and succeeds with if-exists: skip when the name is taken; fails without it', async () => {
    const logId = emulator.createLog('deploy-twice');
    const cwd = await workspace(await fixtures.valid());
    const first = await runAction(deployInputs(logId), { actionDir, cwd });
    assert.equal(first.code, 0, first.stdout);
    const skipped = await runAction(deployInputs(logId, { 'if-exists': 'skip' }), { actionDir, cwd });
    assert.equal(skipped.code, 0);
    assert.equal(skipped.outputs.deployed, 'false');
    assert.match(
      skipped.warnings[0] ?? '',
      /^::warning title=Primatomic deploy::A view named counter in log \S+ already exists; nothing was deployed \(if-exists: skip\)\. The API cannot tell whether it is this component/,
    );
    // The log has a view of that name: the outputs name it ("when it was deployed or already there").
    assert.equal(skipped.outputs['view-name'], 'counter');
    assert.equal(skipped.outputs['view-url'], `${emulator.url}/logs/${logId}/views/counter`);
    const failed = await runAction(deployInputs(logId), { actionDir, cwd });
    assert.equal(failed.code, 1);
    assert.match(
      failed.errors[0] ?? '',
      /^::error title=Primatomic deploy::A view named counter in log \S+ already exists \(409\).*a fixed view-name deploys once\..*%0AWhat to do: Leave view-name empty/,
    );
  });

  it('checks the view when the token is empty, then fails the deploy before any upload, explaining forks', async () => {
    const before = emulator.requests.length;
    const run = await runAction(deployInputs(emulator.createLog('no-token'), { 'api-token': '' }), {
      actionDir,
      cwd: await workspace(await fixtures.valid()),
    });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Primatomic input api-token::Input api-token: is empty, so nothing was deployed\..*forks/,
    );
    assert.equal(emulator.requests.length, before);
    assert.match(run.summary, /## Primatomic view <code>view\.wasm<\/code>: ✅ valid/);
    assert.match(run.summary, /## Conformance test: ✅ passed/);
    assert.match(run.summary, /## Deploy: ❌ not deployed\n\nInput api-token: is empty, so nothing was deployed\.\n/);
    assert.equal(run.outputs.conformance, 'passed');
    assert.equal(run.outputs.deployed, 'false');
  });

  it('with deploy: auto and no token (a pull request from a fork), checks the view and skips the deploy', async () => {
    const run = await runAction(deployInputs(emulator.createLog('auto'), { deploy: 'auto', 'api-token': '' }), {
      actionDir,
      cwd: await workspace(await fixtures.valid()),
    });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(run.errors, []);
    assert.match(
      run.summary,
      /## Deploy: ⏭️ not deployed\n\napi-token is empty, so the view was not deployed \(deploy: auto\)/,
    );
    assert.match(run.stdout, /^::notice title=Primatomic deploy::Not deployed: api-token is empty/m);
    assert.equal(run.outputs.deployed, 'false');
  });
});

describe('the bundle', () => {
  it('stays under 15 MB', () => {
    const dist = path.join(ROOT, 'dist');
    const total = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
    assert.ok(total < 15_000_000, `dist/ is ${total} bytes`);
  });
});
