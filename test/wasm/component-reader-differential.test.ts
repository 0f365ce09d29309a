/**
 * The component reader against wasm-tools, on components nobody here wrote: every component of wasm-tools'
 * and wit-component's own test suites (and jco 1.0.0's two tools) that jco's wasm-tools accepts must read
 * the same way through both. wasm-tools' side is its printed text (wasmprinter over wasmparser 0.259), read
 * back by test/support/component-corpus-wat.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, print } from '@bytecodealliance/jco-transpile/wasm-tools';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { type ExternType, renderFunc, renderValType, type TypeDef } from '../../src/wasm/component-types.ts';
import { type CorpusCase, loadCorpus } from '../support/component-corpus.ts';
import { readPrinted } from '../support/component-corpus-wat.ts';

/**
 * Components wasm-tools prints but that are not valid, so the reader is right to refuse them. Each entry
 * says why; a reader error on any other component fails the test.
 */
const INVALID: Record<string, string> = {
  // A `dump` test, never validated: `(type 0)` inside the second instance type refers to that type's own
  // (empty) type index space. wasmparser's validator rejects it ("type index out of bounds"); only the printer,
  // which does not validate, takes it.
  'wasm-tools 1.259.0 tests/cli/dump/instance-type2.wat': 'type index 0 is out of bounds',
};

function describeType(type: TypeDef, depth: number): string {
  switch (type.kind) {
    case 'func':
      return renderFunc(type);
    case 'instance':
      return `instance { ${describeItems(type.exports, depth + 1)} }`;
    case 'component':
      return (
        `component { imports: ${describeItems(type.imports, depth + 1)}; ` +
        `exports: ${describeItems(type.exports, depth + 1)} }`
      );
    case 'resource':
      return `resource ${type.name}`;
    case 'unknown':
      return 'unknown';
    default:
      return renderValType(type);
  }
}

function describeItem(item: ExternType, depth: number): string {
  if (item.sort === 'module' || item.sort === 'value') return item.sort;
  return `${item.sort} ${describeType(item.type, depth)}`;
}

function describeItems(items: Map<string, ExternType>, depth: number): string {
  if (depth > 20) return '…';
  return [...items].map(([name, item]) => `${JSON.stringify(name)}: ${describeItem(item, depth)}`).join('; ');
}

interface Reading {
  imports: Map<string, ExternType>;
  exports: Map<string, ExternType>;
  implements: { imports: Map<string, string>; exports: Map<string, string> };
  coreModules: number;
}

/** One line per top-level import and export: name, `implements`, sort, and the full type. */
function describeReading(reading: Reading): string[] {
  const lines = (kind: 'import' | 'export', items: Map<string, ExternType>, implemented: Map<string, string>) =>
    [...items].map(([name, item]) => {
      const implementsName = implemented.get(name);
      const option = implementsName === undefined ? '' : ` (implements ${JSON.stringify(implementsName)})`;
      return `${kind} ${JSON.stringify(name)}${option}: ${describeItem(item, 0)}`;
    });
  return [
    ...lines('import', reading.imports, reading.implements.imports),
    ...lines('export', reading.exports, reading.implements.exports),
    `core modules: ${reading.coreModules}`,
  ];
}

type Outcome =
  | { kind: 'agreed' }
  | { kind: 'rejected-by-wasm-tools'; why: string }
  | { kind: 'excluded'; why: string }
  | { kind: 'disagreed'; why: string };

async function compare(test: CorpusCase): Promise<Outcome> {
  let bytes: Uint8Array;
  let printed: string;
  try {
    bytes = test.bytes ?? (await parse(test.wat!));
    printed = await print(bytes);
  } catch (error) {
    // jco's errors are Rust debug text; the parser's own message is in `Custom("…")` when there is one.
    const text = String(error);
    return {
      kind: 'rejected-by-wasm-tools',
      why: /Custom\("((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? text.split('\n')[0]!,
    };
  }
  let ours: Reading;
  try {
    ours = readComponent(bytes);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const invalid = INVALID[test.id];
    if (invalid && error.message.includes(invalid)) return { kind: 'excluded', why: invalid };
    const features = test.features.length > 0 ? ` (the test turns on ${test.features.join(', ')})` : '';
    return { kind: 'disagreed', why: `the reader refused it: ${error.message}${features}` };
  }
  const expected = describeReading(readPrinted(printed));
  const actual = describeReading(ours);
  if (expected.join('\n') === actual.join('\n')) return { kind: 'agreed' };
  const index = expected.findIndex((line, i) => line !== actual[i]);
  return {
    kind: 'disagreed',
    why: `wasm-tools: ${expected[index] ?? '(nothing)'}\n    reader:     ${actual[index] ?? '(nothing)'}`,
  };
}

describe('the component reader against wasm-tools, on the test suites of wasm-tools and wit-component', () => {
  it('reads every component wasm-tools accepts the way wasm-tools prints it', async (t) => {
    const corpus = await loadCorpus();
    const counts = { tried: 0, agreed: 0, excluded: 0, withFeatures: 0 };
    const rejected: string[] = [];
    const disagreements: string[] = [];
    for (const test of corpus) {
      const outcome = await compare(test);
      if (outcome.kind === 'rejected-by-wasm-tools') {
        rejected.push(`${test.id}: ${outcome.why}`);
        continue;
      }
      counts.tried++;
      if (outcome.kind === 'disagreed') disagreements.push(`${test.id}\n    ${outcome.why}`);
      else counts[outcome.kind]++;
      if (outcome.kind === 'agreed' && test.features.length > 0) counts.withFeatures++;
    }
    t.diagnostic(
      `${corpus.length} components in the corpus; ${rejected.length} not accepted by jco's wasm-tools; ` +
        `${counts.tried} tried: ${counts.agreed} agreed (${counts.withFeatures} of them from tests that turn on ` +
        `features wasmparser leaves off by default), ${counts.excluded} excluded as invalid, ` +
        `${disagreements.length} disagreed`,
    );
    // Legacy WAST syntax jco's parser refuses (WAST_STRICT_COMPONENT_INDICES=0 cannot be set through jco), and
    // encodings retired before wasmparser 0.259; listed so that a change in what jco accepts shows.
    for (const line of rejected) t.diagnostic(`not accepted: ${line}`);
    assert.deepEqual(disagreements, []);
    // The corpus must really be there: a registry answering with an empty archive would otherwise pass.
    assert.ok(counts.agreed > 800, `only ${counts.agreed} components agreed`);
  });
});
