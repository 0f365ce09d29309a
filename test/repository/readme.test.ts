import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { actionYml, ROOT, readmeWithDocs } from '../../scripts/action-docs.ts';
import { actionManifest } from '../support/run-action.ts';

describe('README.md', () => {
  it('documents exactly the settings and outputs, as action.yml declares them (run `npm run docs`)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, readmeWithDocs(readme));
    assert.equal(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'), actionYml());
    const manifest = actionManifest();
    for (const name of [...Object.keys(manifest.inputs), ...Object.keys(manifest.outputs)]) {
      assert.match(readme, new RegExp(`^\\| \`${name}\` \\|`, 'm'), name);
    }
  });

  it('gives the test command that .ci/run runs', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    assert.match(readme, /^npm test$/m);
    assert.match(ci, /^npm test$/m);
  });
});
