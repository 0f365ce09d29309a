/**
 * The doors for other CI systems stay in step with the package: the GitLab component runs the version being
 * released, and the pre-commit hook runs the package's own command. (`npm run other-ci` runs both for real.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { ROOT } from '../support/run-action.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

describe('the GitLab CI/CD component', () => {
  const [header, jobs] = parseAllDocuments(readFileSync(path.join(ROOT, 'templates/primatomic-view.yml'), 'utf8')).map(
    (document) => document.toJS() as Record<string, unknown>,
  );
  const inputs = (header as { spec: { inputs: Record<string, { default?: string; description?: string }> } }).spec
    .inputs;

  it("runs this package's version by default, and describes every input", () => {
    assert.equal(inputs.version?.default, `primatomic-view@${pkg.version}`);
    for (const [name, input] of Object.entries(inputs)) assert.ok(input.description, `${name} has no description`);
  });

  it('uses every input it declares, and no other', () => {
    const text = JSON.stringify(jobs);
    const used = new Set([...text.matchAll(/\$\[\[ inputs\.([\w-]+) \]\]/g)].map((match) => match[1]));
    assert.deepEqual([...used].sort(), Object.keys(inputs).sort());
  });
});

describe('the pre-commit hook', () => {
  it("runs the package's command", () => {
    const [hook] = parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
      entry: string;
      language: string;
    }>;
    assert.equal(hook?.language, 'node');
    assert.equal(hook?.entry, `${Object.keys(pkg.bin)[0]} check`);
  });
});
