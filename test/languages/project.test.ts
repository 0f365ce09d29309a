import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectLanguage } from '../../src/languages/detect.ts';
import { projectNameIn } from '../../src/languages/index.ts';
import { jsEntry, projectPins } from '../../src/languages/javascript.ts';
import { Project } from '../../src/languages/project.ts';
import { project as folderWith } from '../support/project.ts';

describe('a project', () => {
  it('reads each file once: detection, the entry, the pins and the name all get the first read', () => {
    const folder = folderWith({
      'package.json': JSON.stringify({
        name: '@acme/tally',
        main: 'view.js',
        devDependencies: { typescript: '5.9.3' },
      }),
      'view.js': '',
    });
    const project = new Project(folder);
    assert.equal(detectLanguage(project, 'auto', undefined).id, 'js');
    // Whatever happens to the file after the first read, the run sees one package.json.
    writeFileSync(path.join(folder, 'package.json'), '{ "name": "changed", "main": "other.js" }');
    assert.equal(jsEntry(project), 'view.js');
    assert.deepEqual(projectPins(project), { typescript: '5.9.3' });
    assert.deepEqual(projectNameIn(project), { name: 'tally', from: 'JavaScript' });
    assert.equal(new Project(folder).json('package.json')?.name, 'changed', 'a new run reads it anew');
  });

  it('answers undefined for a file that is missing or not a JSON object', () => {
    const project = new Project(folderWith({ 'list.json': '[1]', 'broken.json': '{' }));
    assert.equal(project.text('missing.toml'), undefined);
    assert.equal(project.json('list.json'), undefined);
    assert.equal(project.json('broken.json'), undefined);
  });
});
