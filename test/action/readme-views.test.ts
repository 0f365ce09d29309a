/**
 * The README's views, built as a newcomer would copy them: every file block of "Writing a view" (and the contract,
 * which a Rust view copies into wit/), through the bundled action, passing every check; and the README's component
 * built in an earlier step, with the command the README gives.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { debianRust, env, RUST_ENV } from '../support/examples.ts';
import { copyOfAction, ROOT, runAction, TEST_TOOL_CACHE } from '../support/run-action.ts';
import { tempDir } from '../support/tmp.ts';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Each `<!-- file: <language> <path> -->` block of the README, by language. */
function readmeFiles(): Map<string, Array<{ file: string; text: string }>> {
  const files = new Map<string, Array<{ file: string; text: string }>>();
  for (const [, language, file, text] of README.matchAll(/^<!-- file: (\S+) (\S+) -->\n```\w*\n([\s\S]*?)^```$/gm)) {
    files.set(language!, [...(files.get(language!) ?? []), { file: file!, text: text! }]);
  }
  return files;
}

let actionDir: string;
before(() => {
  actionDir = copyOfAction();
});

const SAMPLES = { 'test-events': 'events.ndjson', 'test-queries': 'queries.jsonl' };

describe("the README's views", () => {
  const files = readmeFiles();

  it('has one for every language, and the contract', () => {
    assert.deepEqual([...files.keys()].sort(), ['contract', 'go', 'js', 'python', 'rust', 'ts']);
  });

  for (const language of ['js', 'ts', 'python', 'go', 'rust']) {
    it(`builds the ${language} view as written, and it passes every check`, {
      skip: language === 'rust' && !debianRust && 'needs Debian rustc-web, cargo-web, rust-web-src, lld and wasi-libc',
    }, async () => {
      const project = path.join(tempDir('readme-view-'), 'my-view');
      const written = [...files.get(language)!, ...(language === 'rust' ? files.get('contract')! : [])];
      for (const { file, text } of written) {
        mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        writeFileSync(path.join(project, file), text);
      }
      writeFileSync(path.join(project, 'events.ndjson'), 'one\ntwo\nthree\n');
      writeFileSync(path.join(project, 'queries.jsonl'), '{"input": "count", "expect": "3"}\n');
      const buildEnv =
        language === 'rust'
          ? { ...RUST_ENV, CARGO_TARGET_DIR: path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-target') }
          : env;
      const run = await runAction(SAMPLES, { actionDir, cwd: project, env: buildEnv });
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(run.errors, []);
      assert.equal(run.outputs.conformance, 'passed');
    });
  }
});

describe("the README's component built in an earlier step", () => {
  it('is accepted, built with the commands the README gives', async () => {
    const block = /^<!-- component-built-earlier -->\n```yaml\n([\s\S]*?)^```$/m.exec(README)?.[1];
    const [build, check] = parseYaml(block!) as [{ run: string }, { with: Record<string, string> }];
    const project = path.join(tempDir('readme-earlier-'), 'counter');
    cpSync(path.join(ROOT, 'examples/python'), project, { recursive: true });
    const [contract] = readmeFiles().get('contract')!;
    mkdirSync(path.join(project, 'wit'));
    writeFileSync(path.join(project, contract!.file), contract!.text);
    // The step's own pip and componentize-py: those of the tool cache's virtual environment (already installed).
    const venv = path.join(TEST_TOOL_CACHE, 'primatomic-componentize-py', '0.25.1', process.arch, 'bin');
    execFileSync('bash', ['-eo', 'pipefail', '-c', build.run], {
      cwd: project,
      env: { ...process.env, PATH: `${venv}${path.delimiter}${process.env.PATH}` },
      stdio: 'pipe',
    });
    const run = await runAction({ component: check.with.component! }, { actionDir, cwd: project, env });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(run.errors, []);
  });
});
