import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { type ExternType, renderFunc, renderValType } from '../../src/wasm/component-types.ts';
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

// Broken and hostile bytes (prefixes, flipped bytes, structure-aware fuzzing): component-reader-fuzz.test.ts.
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
});

/** A function import or export, rendered; fails on anything else. */
function signature(item: ExternType | undefined): string {
  if (item?.sort !== 'func' || item.type.kind !== 'func')
    assert.fail(`expected a function, got ${JSON.stringify(item)}`);
  return renderFunc(item.type);
}

/** Memory and a function `f` returning i32, for lifting; every WAT below instantiates it as `$i`. */
const CORE = `
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (result i32) unreachable)
    (func (export "g") (param i32) unreachable))
  (core instance $i (instantiate $m))`;

/** The component-model forms wasmparser 0.259 reads by default, each written in WAT and parsed by jco. */
describe('the component reader, on the forms wasm-tools enables by default', () => {
  it('steps over core type declarations inside component and instance types', async () => {
    const summary = readComponent(
      await parse(`(component
        (type $c (component
          (core type $lib (module
            (import "env" "f" (func (param i32) (result i32)))
            (import "env" "t" (table 1 funcref))
            (import "env" "m" (memory 1 2))
            (import "env" "g" (global (mut i64)))
            (type $tag (func (param i32)))
            (import "env" "e" (tag (type $tag)))
            (export "run" (func))))
          (import "lib" (core module (type $lib)))
          (export "f" (func (param "x" u32) (result string)))))
        (import "c" (component (type $c)))
        (type $inst (instance
          (core type (func (param i32 i64) (result f32)))
          (core type (module))
          (type $r (func (result u8)))
          (export "g" (func (type $r)))))
        (import "i" (instance (type $inst))))`),
    );
    const component = summary.imports.get('c');
    if (component?.sort !== 'component' || component.type.kind !== 'component') assert.fail('c is not a component');
    assert.equal(component.type.imports.get('lib')?.sort, 'module');
    assert.equal(signature(component.type.exports.get('f')), 'func(x: u32) -> string');
    assert.deepEqual(functionsOf(summary.imports.get('i')), { g: 'func() -> u8' });
  });

  it('steps over GC core types (rec groups, structs, arrays, sub types) inside an instance type', async () => {
    const summary = readComponent(
      await parse(`(component
        (type $inst (instance
          (core type $t1 (struct (field i32) (field (mut i64))))
          (core type $s1 (sub (struct (field (ref null $t1)))))
          (core type (sub final $s1 (struct (field (ref null $t1)) (field i8))))
          (core type (array (mut i16)))
          (core type (func (param anyref (ref null func) (ref $t1)) (result v128)))
          (core type (module
            (alias outer 1 $t1 (type $t))
            (import "x" "x" (func (result (ref $t))))
            (rec
              (type $f1 (func (param (ref null $f2)) (result (ref $t))))
              (type $f2 (sub (struct (field (ref $f1)))))
              (type (array (ref $f2))))
            (export "y" (global (mut i32)))))
          (export "f" (func (param "a" s8)))))
        (import "i" (instance (type $inst))))`),
    );
    assert.deepEqual(functionsOf(summary.imports.get('i')), { f: 'func(a: s8)' });
  });

  it('reads the map type (0x63) in parameters, results and nested types', async () => {
    const summary = readComponent(
      await parse(`(component
        (type $inner (map string (list u32)))
        (type $m (map u32 $inner))
        (import "f" (func (param "m" $m) (result (map string u32)))))`),
    );
    assert.equal(signature(summary.imports.get('f')), 'func(m: map<u32, map<string, list<u32>>>) -> map<string, u32>');
  });

  it('reads names with the implements option (0x02), under their plain names', async () => {
    const summary = readComponent(
      await parse(`(component
        (import "primary" (implements "wasi:random/random@0.2.0") (instance $r
          (export "get" (func (result u64)))))
        (import "wasi:random/random@0.2.0" (instance (export "get" (func (result u64)))))
        (alias export $r "get" (func $get))
        (instance $out (export "get" (func $get)))
        (export "backup" (implements "wasi:random/random@0.2.0") (instance $out)))`),
    );
    assert.deepEqual([...summary.imports.keys()], ['primary', 'wasi:random/random@0.2.0']);
    assert.deepEqual(functionsOf(summary.imports.get('primary')), { get: 'func() -> u64' });
    assert.deepEqual([...summary.implements.imports], [['primary', 'wasi:random/random@0.2.0']]);
    assert.deepEqual(functionsOf(summary.exports.get('backup')), { get: 'func() -> u64' });
    assert.deepEqual([...summary.implements.exports], [['backup', 'wasi:random/random@0.2.0']]);
  });

  it('reads task.cancel (0x05) as the immediate-free built-in it is, and lifts after it', async () => {
    const summary = readComponent(
      await parse(`(component ${CORE}
        (core func $cancel (canon task.cancel))
        (core func $drop (canon subtask.drop))
        (func (export "f") (result u32) (canon lift (core func $i "f"))))`),
    );
    assert.equal(signature(summary.exports.get('f')), 'func() -> u32');
  });

  it('steps over every kind of canonical built-in, whatever its immediates', async () => {
    const summary = readComponent(
      await parse(`(component ${CORE}
        (type $r (resource (rep i32)))
        (type $s (stream u8))
        (type $fu (future string))
        (core func (canon resource.new $r))
        (core func (canon resource.drop $r))
        (core func (canon resource.rep $r))
        (core func (canon task.return (result u32) (memory (core memory $i "memory"))))
        (core func (canon task.return))
        (core func (canon task.cancel))
        (core func (canon context.get i32 0))
        (core func (canon context.set i32 0))
        (core func (canon thread.yield))
        (core func (canon subtask.drop))
        (core func (canon subtask.cancel async))
        (core func (canon stream.new $s))
        (core func (canon stream.read $s async (memory (core memory $i "memory"))))
        (core func (canon stream.write $s (memory (core memory $i "memory"))))
        (core func (canon stream.cancel-read $s async))
        (core func (canon stream.cancel-write $s))
        (core func (canon stream.drop-readable $s))
        (core func (canon stream.drop-writable $s))
        (core func (canon future.new $fu))
        (core func (canon future.read $fu (memory (core memory $i "memory")) string-encoding=utf16))
        (core func (canon future.write $fu async (memory (core memory $i "memory"))))
        (core func (canon future.cancel-read $fu))
        (core func (canon future.cancel-write $fu async))
        (core func (canon future.drop-readable $fu))
        (core func (canon future.drop-writable $fu))
        (core func (canon error-context.new (memory (core memory $i "memory"))))
        (core func (canon error-context.debug-message (memory (core memory $i "memory"))))
        (core func (canon error-context.drop))
        (core func (canon waitable-set.new))
        (core func (canon waitable-set.wait (memory (core memory $i "memory"))))
        (core func (canon waitable-set.poll (memory (core memory $i "memory"))))
        (core func (canon waitable-set.drop))
        (core func (canon waitable.join))
        (core func (canon backpressure.inc))
        (core func (canon backpressure.dec))
        (core func (canon thread.index))
        (core func (canon thread.suspend))
        (core func (canon thread.yield-then-promote))
        (core func (canon thread.available_parallelism))
        (func (export "f") (result u32) (canon lift (core func $i "f")))
        (func (export "g") async (param "s" $s) (canon lift (core func $i "g") async)))`),
    );
    assert.equal(signature(summary.exports.get('f')), 'func() -> u32');
    assert.equal(signature(summary.exports.get('g')), 'async func(s: stream<u8>)');
  });

  it('renders a map as WIT writes it', () => {
    const u32 = { kind: 'primitive', name: 'u32' } as const;
    assert.equal(
      renderValType({ kind: 'map', key: { kind: 'primitive', name: 'string' }, value: u32 }),
      'map<string, u32>',
    );
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
