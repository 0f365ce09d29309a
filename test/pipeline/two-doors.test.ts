/**
 * One pipeline, two doors: the action (dist/index.js, as the runner starts it) and the CLI (dist/cli.js, with
 * --json and --summary) given the same settings reach the same verdict: the same outputs, the same job summary,
 * the same findings (each annotation of the action is a finding of the CLI's document), and a failed job exactly
 * when the CLI exits non-zero.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { example, env as examplesEnv, TESTS } from '../support/examples.ts';
import { type ActionRun, runAction } from '../support/run-action.ts';
import { type CliRun, runCli } from '../support/run-cli.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

interface RunDocument {
  exitCode: number;
  outputs: Record<string, string>;
  failures: Array<{ stage: string; kind: string; message: string }>;
  inputs: { errors: Array<{ input: string; message: string }> };
  build: { findings?: Array<{ message: string }> };
  validation: { rules?: Array<{ findings: Array<{ severity: string; message: string }> }> };
  conformance: { rules?: Array<{ findings: Array<{ severity: string; message: string }> }> };
}

/** Timings, the build's temporary folder and a setting's name (input max-size, --max-size) differ by run or door. */
const unshared = (markdown: string) =>
  markdown
    .replace(/^(?:Input |--)([a-z-]+): /gm, '<setting $1>: ')
    .replace(/\b\d+(\.\d+)? ?(ms|s|µs)\b/g, '<time>')
    .replace(/\/primatomic-build-\w+\//g, '/primatomic-build-<temporary>/');

/** The message of a `::error file=…,title=…::message` line, with the runner's escapes undone. */
const annotationMessage = (line: string) =>
  line
    .slice(line.indexOf('::', 2) + 2)
    .replaceAll('%0A', '\n')
    .replaceAll('%0D', '\r')
    .replaceAll('%25', '%');

function flagsOf(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([name, value]) => [`--${name}`, value]);
}

async function bothDoors(
  settings: Record<string, string>,
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ action: ActionRun; cli: CliRun; document: RunDocument; cliSummary: string }> {
  const action = await runAction({ deploy: 'false', ...settings }, options);
  const summaryFile = path.join(tempDir('primatomic-summary-'), 'summary.md');
  const cli = await runCli(['check', ...flagsOf(settings), '--json', '--summary', summaryFile], options);
  return {
    action,
    cli,
    document: JSON.parse(cli.stdout) as RunDocument,
    cliSummary: readFileSync(summaryFile, 'utf8'),
  };
}

function assertSameVerdict(runs: Awaited<ReturnType<typeof bothDoors>>): void {
  const { action, cli, document, cliSummary } = runs;
  assert.equal(
    action.code === 0,
    cli.code === 0,
    `action ${action.code}, CLI ${cli.code}\n${action.stdout}\n${cli.stderr}`,
  );
  assert.equal(cli.code, document.exitCode);
  assert.deepEqual(action.outputs, document.outputs);
  assert.equal(unshared(action.summary.trimEnd()), unshared(cliSummary.trimEnd()));
  const findings = [
    ...document.inputs.errors.map((error) => error.message),
    ...(document.build.findings ?? []).map((finding) => finding.message),
    ...[...(document.validation.rules ?? []), ...(document.conformance.rules ?? [])].flatMap((rule) =>
      rule.findings.map((finding) => finding.message),
    ),
    ...document.failures.map((failure) => failure.message),
  ].map(unshared);
  for (const line of [...action.errors, ...action.warnings]) {
    const message = unshared(annotationMessage(line));
    assert.ok(
      findings.some((finding) => message.startsWith(finding) || finding.startsWith(message)),
      `the action's annotation is not in the CLI's document: ${message}\n${JSON.stringify(findings, null, 2)}`,
    );
  }
}

describe('the action and the CLI, given the same settings', () => {
  it('agree on a valid component: outputs, summary, no finding', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    const runs = await bothDoors({ component: 'view.wasm' }, { cwd: dir });
    assert.equal(runs.cli.code, 0);
    assertSameVerdict(runs);
  });

  it('agree on a component with the wrong signature and a core module', async () => {
    const dir = tempDir();
    writeIn(dir, 'wrong.wasm', await fixtures.wrongSignature());
    writeIn(dir, 'core.wasm', await fixtures.coreModule());
    for (const component of ['wrong.wasm', 'core.wasm']) {
      const runs = await bothDoors({ component }, { cwd: dir });
      assert.equal(runs.cli.code, 1);
      assert.ok(runs.action.errors.length > 0);
      assertSameVerdict(runs);
    }
  });

  it('agree on bad inputs, every one of them', async () => {
    const dir = tempDir();
    writeIn(dir, 'view.wasm', await fixtures.valid());
    const runs = await bothDoors(
      { component: 'view.wasm', 'max-size': 'huge', 'test-events': 'missing.ndjson' },
      { cwd: dir },
    );
    assert.equal(runs.cli.code, 2);
    const inputAnnotations = runs.action.errors.filter((line) => line.startsWith('::error title=Primatomic input '));
    assert.equal(inputAnnotations.length, 2, runs.action.errors.join('\n'));
    assertSameVerdict(runs);
  });

  it('agree on a view built from source and tested on its samples', async () => {
    const runs = await bothDoors({ ...TESTS }, { cwd: example('go'), env: examplesEnv });
    assert.equal(runs.cli.code, 0, runs.cli.stderr);
    assert.match(runs.document.outputs['component-sha256'] ?? '', /^[0-9a-f]{64}$/);
    assertSameVerdict(runs);
  });
});
