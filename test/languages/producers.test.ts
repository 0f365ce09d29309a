import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metadataAdd } from '@bytecodealliance/jco-transpile/wasm-tools';
import { languageFromProducers } from '../../src/languages/index.ts';
import { statuses, validateBytes } from '../support/validate.ts';
import { fixtures } from '../support/views.ts';

describe('language detection', () => {
  it("takes the outermost producers first: a JS view's engine module says Rust", () => {
    const language = languageFromProducers([
      [
        ['language', [['JavaScript', '']]],
        [
          'processed-by',
          [
            ['wit-component', '0.259.0'],
            ['ComponentizeJS', '0.22.0'],
          ],
        ],
      ],
      [
        ['language', [['Rust', '']]],
        ['processed-by', [['rustc', '1.90.0']]],
      ],
    ]);
    assert.equal(language?.id, 'js');
  });

  it('falls back to the tools that processed the component', () => {
    assert.equal(languageFromProducers([[['processed-by', [['TinyGo', '0.39.0']]]]])?.id, 'go');
    assert.equal(languageFromProducers([[['processed-by', [['componentize-py', '0.19.3']]]]])?.id, 'python');
    assert.equal(languageFromProducers([[['processed-by', [['wit-component', '0.259.0']]]]]), undefined);
  });

  it('gives a Rust core module the cargo component hint', async () => {
    const module = await metadataAdd(await fixtures.coreModule(), [
      ['language', [['Rust', '']]],
      ['processed-by', [['rustc', '1.90.0']]],
    ]);
    const report = await validateBytes(module);
    assert.equal(statuses(report).component, 'fail');
    assert.equal(report.facts.language?.id, 'rust');
    assert.match(report.findings[0]!.hint ?? '', /cargo component build/);
    assert.match(report.findings[0]!.hint ?? '', /plain `cargo build` gives a core module/);
  });

  it('gives a Go view importing WASI the hint to let the action build it with its adapter', async () => {
    const component = await metadataAdd(await fixtures.wasiImport(), [['processed-by', [['TinyGo', '0.39.0']]]]);
    const report = await validateBytes(component);
    assert.equal(report.facts.language?.id, 'go');
    assert.match(
      report.findings.find((f) => f.rule === 'no-imports')?.hint ?? '',
      /tinygo -target=wasip2.*Let primatomic-view build it/,
    );
  });
});
