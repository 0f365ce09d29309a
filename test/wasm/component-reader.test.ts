import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { type ExternType, renderFunc } from '../../src/wasm/component-types.ts';
import { sniffBinary } from '../../src/wasm/header.ts';
import { fixtures, MACHINE } from '../support/views.ts';

function functionsOf(item: ExternType | undefined): Record<string, string> {
  if (item?.sort !== 'instance' || item.type.kind !== 'instance')
    assert.fail(`expected an instance, got ${JSON.stringify(item)}`);
  return Object.fromEntries(
    [...item.type.exports].map(([name, fn]) => {
      if (fn.sort !== 'func' || fn.type.kind !== 'func') assert.fail(`${name} is not a function`);
      return [name, renderFunc(fn.type)];
    }),
  );
}

/** Reading must either succeed or raise a DecodeError; anything else is a crash the user would see. */
function readOrDecodeError(bytes: Uint8Array): 'read' | 'decode-error' {
  try {
    readComponent(bytes);
    return 'read';
  } catch (error) {
    if (error instanceof DecodeError) return 'decode-error';
    throw error;
  }
}

/** Offsets where a top-level section ends: id byte, LEB128 size, payload. */
function sectionBoundaries(bytes: Uint8Array): Set<number> {
  const ends = new Set<number>([8]);
  let at = 8;
  while (at < bytes.length) {
    at++;
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      size |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    at += size;
    ends.add(at);
  }
  return ends;
}

describe('the component reader', () => {
  it("reads the exported interface with every function's exact type, and no imports", async () => {
    const summary = readComponent(await fixtures.valid());
    assert.deepEqual([...summary.imports.keys()], []);
    assert.deepEqual([...summary.exports.keys()], [MACHINE]);
    assert.deepEqual(functionsOf(summary.exports.get(MACHINE)), {
      init: 'func()',
      append: 'func(event: list<u8>)',
      query: 'func(input: list<u8>) -> list<u8>',
      snapshot: 'func() -> list<u8>',
      restore: 'func(snapshot: list<u8>)',
    });
    assert.equal(summary.coreModules, 1);
    assert.deepEqual(summary.customSections, ['component-name', 'producers']);
  });

  it('reads imports with their functions', async () => {
    const summary = readComponent(await fixtures.wasiImport());
    assert.deepEqual(functionsOf(summary.imports.get('wasi:random/random@0.2.0')), {
      'get-random-u64': 'func() -> u64',
    });
  });

  it('reads a string result as string', async () => {
    const summary = readComponent(await fixtures.wrongSignature());
    assert.equal(functionsOf(summary.exports.get(MACHINE)).query, 'func(input: list<u8>) -> string');
  });

  it('raises a truncation DecodeError for every prefix of a component that cuts a section', async () => {
    const bytes = await fixtures.wasiImport();
    const boundaries = sectionBoundaries(bytes);
    for (let length = 8; length < bytes.length; length++) {
      if (boundaries.has(length)) {
        // A cut between sections leaves a smaller, well-formed component; the exports rule catches what is missing.
        assert.equal(readOrDecodeError(bytes.subarray(0, length)), 'read');
        continue;
      }
      assert.throws(
        () => readComponent(bytes.subarray(0, length)),
        (error) => error instanceof DecodeError && error.truncated,
        `prefix ${length}`,
      );
    }
  });

  it('reads or raises a DecodeError, never crashes, when any single byte is corrupted', async () => {
    const bytes = await fixtures.valid();
    const outcomes = { read: 0, 'decode-error': 0 };
    for (let offset = 8; offset < bytes.length; offset++) {
      for (const value of [0x00, 0x7f, 0x80, 0xff]) {
        const corrupted = bytes.slice();
        corrupted[offset] = value;
        outcomes[readOrDecodeError(corrupted)]++;
      }
    }
    assert.ok(outcomes['decode-error'] > 0 && outcomes.read > 0, JSON.stringify(outcomes));
  });
});

describe('sniffing the binary', () => {
  it('tells a component, a core module, WAT and other files apart', async () => {
    assert.deepEqual(sniffBinary(await fixtures.valid()), { kind: 'component' });
    assert.deepEqual(sniffBinary(await fixtures.coreModule()), { kind: 'core-module' });
    assert.equal(sniffBinary(new TextEncoder().encode(';; a view\n(module)')).kind, 'wasm-text');
    assert.equal(sniffBinary(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])).kind, 'not-wasm');
  });
});
