import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { tempDir } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

interface Machine {
  init(): void;
  append(event: Uint8Array): void;
  query(input: Uint8Array): Uint8Array;
  snapshot(): Uint8Array;
  restore(snapshot: Uint8Array): void;
}

/** Transpiles the component with jco and instantiates it with no imports at all, as Primatomic would. */
async function instantiate(bytes: Uint8Array): Promise<Machine> {
  const { files } = await transpileBytes(bytes, { name: 'view', instantiation: 'async', wasiShim: false });
  const dir = tempDir();
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  const module = await import(pathToFileURL(path.join(dir, 'view.js')).href);
  const instance = await module.instantiate((name: string) => WebAssembly.compile(files[name]!), {});
  return instance.machine as Machine;
}

describe('the valid fixture', () => {
  it('really runs: counts events, sums their bytes, snapshots and restores', async () => {
    const machine = await instantiate(await fixtures.valid());
    machine.init();
    machine.append(new Uint8Array([1, 2, 3]));
    machine.append(new Uint8Array([250]));
    const state = machine.query(new Uint8Array());
    assert.deepEqual([...state], [2, 0, 0, 0, 0, 1, 0, 0]);
    assert.deepEqual([...machine.snapshot()], [...state]);

    machine.init();
    assert.deepEqual([...machine.query(new Uint8Array())], [0, 0, 0, 0, 0, 0, 0, 0]);
    machine.restore(state);
    assert.deepEqual([...machine.query(new Uint8Array())], [...state]);
    assert.throws(() => machine.restore(new Uint8Array([1])), /unreachable/);
  });
});
