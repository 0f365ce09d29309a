/**
 * The component transpile is given, with its core code stubbed: jco must write the same bindings from it as from
 * the component itself, and every core module it hands back must lead to the original module.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { loadView } from '../../src/conformance/view-runtime.ts';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { stubCoreCode } from '../../src/wasm/code-stubs.ts';
import { jsViewPath } from '../support/js-view.ts';
import { fixtures } from '../support/views.ts';

const OPTIONS = { name: 'view', instantiation: 'async', wasiShim: false, emitTypescriptDeclarations: false } as const;

/** Transpiles the component and its stubbed twin: the same files, the core modules once mapped back. */
async function assertSameTranspile(component: Uint8Array): Promise<{ stubbedBytes: number }> {
  const stubbed = stubCoreCode(component);
  assert.ok(stubbed, 'the component has core modules');
  const real = await transpileBytes(component, OPTIONS);
  const twin = await transpileBytes(stubbed.component, OPTIONS);
  assert.deepEqual(Object.keys(twin.files), Object.keys(real.files));
  assert.deepEqual(twin.imports, real.imports);
  assert.deepEqual(twin.exports, real.exports);
  for (const [name, bytes] of Object.entries(real.files)) {
    const handedBack = twin.files[name]!;
    if (name.endsWith('.wasm')) {
      assert.notDeepEqual(Buffer.from(handedBack), Buffer.from(bytes), `${name} was stubbed`);
      assert.ok(Buffer.from(stubbed.original(handedBack)).equals(Buffer.from(bytes)), `${name} maps back`);
    } else {
      assert.equal(Buffer.from(handedBack).toString(), Buffer.from(bytes).toString(), name);
    }
  }
  return { stubbedBytes: stubbed.component.length };
}

describe('stubbing the core code of a component for the transpile', () => {
  it('gives the same bindings for the 12.5 MB JavaScript view, from a quarter of its bytes', async (t) => {
    const view = readFileSync(await jsViewPath());
    const { stubbedBytes } = await assertSameTranspile(view);
    t.diagnostic(`${view.length} bytes, ${stubbedBytes} stubbed`);
    assert.ok(stubbedBytes < view.length / 2);
  });

  it('gives the same bindings for every fixture of the validation rules that jco transpiles', async () => {
    let transpiled = 0;
    for (const make of Object.values(fixtures)) {
      const bytes = await make();
      try {
        await transpileBytes(bytes, OPTIONS);
      } catch {
        continue; // a core module, a broken file: never loaded for a test
      }
      await assertSameTranspile(bytes);
      transpiled++;
    }
    assert.ok(transpiled >= 5, `${transpiled} fixtures`);
  });

  it('tells apart core modules that differ only in their code, and runs each one', async () => {
    // Two modules alike but for what `f` returns: their stubs would be the same bytes but for their index.
    const module = (value: number) => `(core module (func (export "f") (result i32) i32.const ${value}))`;
    const component = await parse(`(component
      (type $f (func (result u32)))
      ${module(1)} ${module(2)}
      (core instance $one (instantiate 0))
      (core instance $two (instantiate 1))
      (func $one (type $f) (canon lift (core func $one "f")))
      (func $two (type $f) (canon lift (core func $two "f")))
      (export "one" (func $one))
      (export "two" (func $two)))`);
    await assertSameTranspile(component);
    const runtime = await loadView(component, 'one');
    const instance = await runtime.instantiate();
    assert.equal((instance.machine as unknown as () => number)(), 1);
    const other = await (await loadView(component, 'two')).instantiate();
    assert.equal((other.machine as unknown as () => number)(), 2);
  });

  it('refuses a component cut short with a DecodeError (the transpile then gets the bytes as they are)', async () => {
    const bytes = await fixtures.valid();
    assert.throws(() => stubCoreCode(bytes.subarray(0, bytes.length - 3)), DecodeError);
  });

  it('leaves a component without core modules alone', async () => {
    assert.equal(stubCoreCode(await parse('(component (type (func)))')), undefined);
  });
});
