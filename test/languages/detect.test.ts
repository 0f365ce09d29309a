import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/kernel/errors.ts';
import { detectLanguage } from '../../src/languages/detect.ts';
import { Project } from '../../src/languages/project.ts';
import { project as folderWith } from '../support/project.ts';

const project = (files: Record<string, string>) => new Project(folderWith(files));

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
    for (const [files, expected] of cases) {
      assert.equal(detectLanguage(project(files), 'auto', undefined).id, expected, JSON.stringify(files));
    }
  });

  it('takes a .ts entry given as input as TypeScript', () => {
    assert.equal(detectLanguage(project({ 'package.json': '{}' }), 'auto', 'lib/view.ts').id, 'ts');
  });

  it('lists what it found when there is nothing or more than one candidate, and asks for language', () => {
    assert.throws(
      () => detectLanguage(project({ 'README.md': '' }), 'auto', undefined),
      (error) =>
        error instanceof InputError &&
        error.input === 'language' &&
        /has none of Cargo\.toml, go\.mod, package\.json/.test(error.message),
    );
    assert.throws(
      () => detectLanguage(project({ 'Cargo.toml': '', 'package.json': '{}' }), 'auto', undefined),
      (error) =>
        error instanceof InputError &&
        /more than one language: Cargo\.toml \(Rust\); package\.json \(JavaScript\)\. Set language/.test(error.message),
    );
  });

  it('uses the language asked for without looking', () => {
    assert.equal(detectLanguage(project({}), 'go', undefined).id, 'go');
  });
});
