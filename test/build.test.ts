import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildView, type BuildOptions } from '../src/build/build.ts';
import { BuildError } from '../src/build/build-error.ts';
import { detectLanguage } from '../src/build/detect.ts';
import { diagnosticsOf } from '../src/build/diagnostics.ts';
import { jsEntry } from '../src/build/entry.ts';
import { DEFAULT_TOOL_VERSIONS } from '../src/build/tool-versions.ts';
import { projectPins } from '../src/build/tools/js-toolchain.ts';
import { InputError } from '../src/errors.ts';
import { fixtures } from './support/views.ts';
import { tempDir, writeIn } from './support/tmp.ts';

function project(files: Record<string, string>): string {
  const dir = tempDir('primatomic-project-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeIn(dir, name, text);
  }
  return dir;
}

describe('language detection', () => {
  it('finds the language from the marker files', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'Cargo.toml': '[package]\nname = "v"\n' }, 'rust'],
      [{ 'go.mod': 'module v\n' }, 'go'],
      [{ 'package.json': '{"main": "view.js"}', 'view.js': '' }, 'js'],
      [{ 'package.json': '{"main": "src/view.ts"}', 'src/view.ts': '' }, 'ts'],
      [{ 'package.json': '{}', 'src/index.ts': '' }, 'ts'],
      [{ 'pyproject.toml': '[project]\nname = "v"\n' }, 'python'],
      [{ 'requirements.txt': '' }, 'python'],
      [{ 'app.py': '' }, 'python'],
    ];
    for (const [files, expected] of cases) assert.equal(detectLanguage(project(files), 'auto', undefined).id, expected, JSON.stringify(files));
  });

  it('takes a .ts entry given as input as TypeScript', () => {
    assert.equal(detectLanguage(project({ 'package.json': '{}' }), 'auto', 'lib/view.ts').id, 'ts');
  });

  it('lists what it found when there is nothing or more than one candidate, and asks for language', () => {
    assert.throws(() => detectLanguage(project({ 'README.md': '' }), 'auto', undefined),
      (error) => error instanceof InputError && error.input === 'language' && /has none of Cargo\.toml, go\.mod, package\.json/.test(error.message));
    assert.throws(() => detectLanguage(project({ 'Cargo.toml': '', 'package.json': '{}' }), 'auto', undefined),
      (error) => error instanceof InputError && /more than one language: Cargo\.toml \(Rust\); package\.json \(JavaScript\)\. Set language/.test(error.message));
  });

  it('uses the language asked for without looking', () => {
    assert.equal(detectLanguage(project({}), 'go', undefined).id, 'go');
  });
});

describe('entries and versions', () => {
  it('takes package.json main, then src/index.ts, src/index.js, index.ts, index.js', () => {
    assert.equal(jsEntry(project({ 'package.json': '{"main": "lib/v.js"}', 'lib/v.js': '', 'src/index.ts': '' })), 'lib/v.js');
    assert.equal(jsEntry(project({ 'package.json': '{"main": "missing.js"}', 'src/index.js': '' })), 'src/index.js');
    assert.equal(jsEntry(project({ 'index.ts': '', 'index.js': '' })), 'index.ts');
  });

  it('uses the exact jco and componentize-js versions the project pins, ignoring ranges', () => {
    const dir = project({ 'package.json': JSON.stringify({ devDependencies: { '@bytecodealliance/jco': '1.30.0', '@bytecodealliance/componentize-js': '^0.20.0' } }) });
    assert.deepEqual(projectPins(dir), { jco: '1.30.0' });
  });
});

describe('build errors as annotations', () => {
  const dir = '/work/view';
  const located = (output: string) => diagnosticsOf(output, dir).map((f) => [f.message, f.location?.file, f.location?.line]);

  it('reads rustc errors', () => {
    assert.deepEqual(located('error[E0308]: mismatched types\n  --> src/lib.rs:10:5\n   |\n'), [['E0308: mismatched types', '/work/view/src/lib.rs', 10]]);
  });

  it('reads TypeScript and esbuild errors', () => {
    assert.deepEqual(located("src/index.ts(3,10): error TS2322: Type 'string' is not assignable to type 'number'."),
      [["TS2322: Type 'string' is not assignable to type 'number'.", '/work/view/src/index.ts', 3]]);
    assert.deepEqual(located('✘ [ERROR] Expected ";" but found "total"\n\n    src/index.ts:4:6:\n      4 │ let x total\n'),
      [['Expected ";" but found "total"', '/work/view/src/index.ts', 4]]);
  });

  it('reads Go and TinyGo errors', () => {
    assert.deepEqual(located('# counter\n./main.go:12:3: undefined: totl\n'), [['undefined: totl', '/work/view/main.go', 12]]);
  });

  it('reads a Python traceback, pointing at the project\'s innermost frame', () => {
    const output = 'Traceback (most recent call last):\n  File "/usr/lib/python3/runpy.py", line 5, in run\n  File "app.py", line 7, in <module>\n    totl += 1\nNameError: name \'totl\' is not defined\n';
    assert.deepEqual(located(output), [["NameError: name 'totl' is not defined", '/work/view/app.py', 7]]);
  });

  it('maps componentize-py\'s /0/ project folder back to the project', () => {
    const output = 'Traceback (most recent call last):\n  File "/opt/bin/componentize-py", line 8, in <module>\nAssertionError: Traceback (most recent call last):\n  File "/0/app.py", line 3, in <module>\n    totl += 1\nNameError: name \'totl\' is not defined\n\nCaused by:\n    NameError: name \'totl\' is not defined\n';
    assert.deepEqual(located(output), [["NameError: name 'totl' is not defined", '/work/view/app.py', 3]]);
  });

  it('finds nothing in output without located errors', () => {
    assert.deepEqual(located('error: could not compile `counter`\n'), []);
  });
});

describe('build-command', () => {
  const options = (dir: string, overrides: Partial<BuildOptions>): BuildOptions => ({
    workingDirectory: dir, language: 'auto', entry: undefined, output: 'out/view.wasm', buildCommand: undefined,
    witPath: undefined, world: 'state-machine', versions: DEFAULT_TOOL_VERSIONS, rustBuilder: 'cargo',
    downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} }, ...overrides,
  });

  it('replaces the built-in build and the component is taken from output', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    writeIn(dir, 'prebuilt.wasm', await fixtures.valid());
    const result = await buildView(options(dir, { buildCommand: 'cp prebuilt.wasm out/view.wasm' }));
    assert.equal(result.componentPath, path.join(dir, 'out/view.wasm'));
    assert.equal(result.language.id, 'go');
    assert.deepEqual(result.steps.map((step) => step.title), ['build-command']);
  });

  it('fails naming the command and its exit code, keeping its output', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    await assert.rejects(buildView(options(dir, { buildCommand: 'echo "./main.go:3:1: syntax error" >&2; exit 3' })), (error) => {
      assert.ok(error instanceof BuildError);
      assert.match(error.message, /^build-command failed with exit code 3: `bash -eo pipefail -c 'echo .*exit 3'` in /);
      assert.deepEqual(diagnosticsOf(error.output, dir).map((f) => f.location?.line), [3]);
      return true;
    });
  });

  it('fails when the build wrote no component', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    await assert.rejects(buildView(options(dir, { buildCommand: 'true' })), /The build succeeded but wrote no .*out\/view\.wasm/);
  });
});

describe('installing tools', () => {
  it('stops an install that hangs, and says so', async () => {
    const { runTool } = await import('../src/build/tools/run-tool.ts');
    await assert.rejects(runTool('Installing a stand-in', 'sleep', ['30'], tempDir(), 300),
      (error) => error instanceof BuildError && /did not finish within .* minutes and was stopped/.test(error.message) && /network access/.test(error.hint ?? ''));
  });

  it('names a missing installer', async () => {
    const { runTool } = await import('../src/build/tools/run-tool.ts');
    await assert.rejects(runTool('Installing', 'no-such-installer-here', [], tempDir()), /no-such-installer-here is not on PATH/);
  });
});
