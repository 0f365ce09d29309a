import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { print } from '@bytecodealliance/jco-transpile/wasm-tools';
import { jsViewPath } from '../support/js-view.ts';
import { statuses, validateFile } from '../support/validate.ts';

describe('a real JavaScript view from jco componentize --disable=all', () => {
  it('passes every rule and is recognised as JavaScript, though the guide\'s grep for "wasi" flags it', async () => {
    const componentPath = await jsViewPath();
    const report = await validateFile(componentPath, { maxSizeBytes: 100_000_000 });
    assert.deepEqual(Object.values(statuses(report)), Array(7).fill('pass'), JSON.stringify(report.findings));
    assert.equal(report.facts.language?.id, 'js');
    assert.ok(report.facts.bytes!.length > 5_000_000, 'a JS view carries its engine: megabytes');
    // The guide's text check: StarlingMonkey's internal WASI names appear in the printed text.
    const text = await print(readFileSync(componentPath));
    assert.match(text, /wasi/i);
  });
});
