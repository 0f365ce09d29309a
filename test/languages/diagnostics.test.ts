import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { languageById } from '../../src/languages/index.ts';
import { Project } from '../../src/languages/project.ts';

const dir = path.resolve('/work/view');
const located = (languageId: string, output: string) =>
  languageById(languageId)!
    .diagnostics(output, new Project(dir))
    .map((f) => [f.message, f.location?.file, f.location?.line]);

describe('build errors as annotations', () => {
  it('reads rustc errors', () => {
    assert.deepEqual(located('rust', 'error[E0308]: mismatched types\n  --> src/lib.rs:10:5\n   |\n'), [
      ['E0308: mismatched types', path.resolve(dir, 'src/lib.rs'), 10],
    ]);
  });

  it('reads TypeScript and esbuild errors', () => {
    assert.deepEqual(
      located('ts', "src/index.ts(3,10): error TS2322: Type 'string' is not assignable to type 'number'."),
      [["TS2322: Type 'string' is not assignable to type 'number'.", path.resolve(dir, 'src/index.ts'), 3]],
    );
    assert.deepEqual(
      located('ts', '✘ [ERROR] Expected ";" but found "total"\n\n    src/index.ts:4:6:\n      4 │ let x total\n'),
      [['Expected ";" but found "total"', path.resolve(dir, 'src/index.ts'), 4]],
    );
  });

  it('reads JavaScript errors from componentize-js', () => {
    assert.deepEqual(located('js', 'SyntaxError: unexpected token\n    at view.js:3:7\n'), [
      ['SyntaxError: unexpected token', path.resolve(dir, 'view.js'), 3],
    ]);
  });

  it('reads Go and TinyGo errors', () => {
    assert.deepEqual(located('go', '# counter\n./main.go:12:3: undefined: totl\n'), [
      ['undefined: totl', path.resolve(dir, 'main.go'), 12],
    ]);
  });

  it("reads a Python traceback, pointing at the project's innermost frame", () => {
    const output =
      'Traceback (most recent call last):\n  File "/usr/lib/python3/runpy.py", line 5, in run\n  File "app.py", ' +
      "line 7, in <module>\n    totl += 1\nNameError: name 'totl' is not defined\n";
    assert.deepEqual(located('python', output), [
      ["NameError: name 'totl' is not defined", path.resolve(dir, 'app.py'), 7],
    ]);
  });

  it("maps componentize-py's /0/ project folder back to the project", () => {
    const output =
      'Traceback (most recent call last):\n  File "/opt/bin/componentize-py", line 8, in ' +
      '<module>\nAssertionError: Traceback (most recent call last):\n  File "/0/app.py", line 3, in <module>\n   ' +
      " totl += 1\nNameError: name 'totl' is not defined\n\nCaused by:\n    NameError: name 'totl' is not " +
      'defined\n';
    assert.deepEqual(located('python', output), [
      ["NameError: name 'totl' is not defined", path.resolve(dir, 'app.py'), 3],
    ]);
  });

  it('finds nothing in output without located errors', () => {
    assert.deepEqual(located('rust', 'error: could not compile `counter`\n'), []);
  });
});

describe('build errors from Windows runners', () => {
  it('reads Go errors with Windows paths', () => {
    const found = languageById('go')!.diagnostics('# counter\n.\\main.go:3:2: undefined: totl\n', new Project(dir));
    assert.deepEqual(
      found.map((f) => [f.message, f.location?.line, f.location?.file]),
      [['undefined: totl', 3, path.resolve(dir, 'main.go')]],
    );
  });
});
