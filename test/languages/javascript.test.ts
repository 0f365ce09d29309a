import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsEntry, projectPins } from '../../src/languages/javascript.ts';
import { Project } from '../../src/languages/project.ts';
import { project as folderWith } from '../support/project.ts';

const project = (files: Record<string, string>) => new Project(folderWith(files));

describe('JavaScript and TypeScript projects', () => {
  it('take package.json main, then src/index.ts, src/index.js, index.ts, index.js as the entry', () => {
    assert.equal(
      jsEntry(project({ 'package.json': '{"main": "lib/v.js"}', 'lib/v.js': '', 'src/index.ts': '' })),
      'lib/v.js',
    );
    assert.equal(jsEntry(project({ 'package.json': '{"main": "missing.js"}', 'src/index.js': '' })), 'src/index.js');
    assert.equal(jsEntry(project({ 'index.ts': '', 'index.js': '' })), 'index.ts');
  });

  it('pin the exact jco and componentize-js versions of package.json, ignoring ranges', () => {
    const manifest = {
      devDependencies: { '@bytecodealliance/jco': '1.30.0', '@bytecodealliance/componentize-js': '^0.20.0' },
    };
    assert.deepEqual(projectPins(project({ 'package.json': JSON.stringify(manifest) })), { jco: '1.30.0' });
    // An exact prerelease is a pin too, as the version inputs accept it.
    const prerelease = { dependencies: { '@bytecodealliance/componentize-js': '0.23.0-rc.1' } };
    assert.deepEqual(projectPins(project({ 'package.json': JSON.stringify(prerelease) })), {
      componentizeJs: '0.23.0-rc.1',
    });
  });
});
