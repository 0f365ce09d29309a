/**
 * The producers reader against wasm-tools' own (`metadata show`, through jco): the same list of parts, in the same
 * order, with the same fields, on components made by real toolchains and on core modules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { metadataShow } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readProducers } from '../../src/wasm/producers.ts';
import { loadCorpus } from '../support/component-corpus.ts';
import { jsViewPath } from '../support/js-view.ts';
import { fixtures } from '../support/views.ts';

async function samples(): Promise<Array<[string, Uint8Array]>> {
  const corpus = (await loadCorpus()).filter((sample) => sample.bytes);
  return [
    ['a component made by componentNew', await fixtures.valid()],
    ['a core module', await fixtures.coreModule()],
    ['a JavaScript view (componentize-js)', readFileSync(await jsViewPath())],
    ...corpus.map((sample): [string, Uint8Array] => [sample.id, sample.bytes!]),
  ];
}

describe('the producers of a binary', () => {
  it("are wasm-tools' own: every part, in order, field by field", async () => {
    const all = await samples();
    assert.ok(all.length >= 5, `${all.length} samples`);
    for (const [name, bytes] of all) {
      const expected = (await metadataShow(bytes)).map((entry) => entry.producers);
      assert.deepEqual(readProducers(bytes), expected, name);
    }
  });

  it('are read as far as they go when the file breaks off', async () => {
    const bytes = readFileSync(await jsViewPath());
    const cut = bytes.subarray(0, 4000);
    assert.doesNotThrow(() => readProducers(cut));
  });
});
