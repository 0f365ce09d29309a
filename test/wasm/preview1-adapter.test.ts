import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preview1Adapter } from '../../src/wasm/make-component.ts';

/** The ids of a core module's sections, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]!);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      size |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
  }
  return ids;
}

describe('the import-free WASI preview 1 adapter', () => {
  it("imports only the view's memory, has no memory or data of its own, exports the 46 functions", async () => {
    const bytes = await preview1Adapter();
    const module = new WebAssembly.Module(bytes);
    assert.deepEqual(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }]);
    const ids = sectionIds(bytes);
    for (const [id, name] of [
      [5, 'memory'],
      [11, 'data'],
      [12, 'data count'],
    ] as const) {
      assert.ok(!ids.includes(id), `no ${name} section: it would write into the view's memory`);
    }
    const exported = WebAssembly.Module.exports(module);
    assert.equal(exported.length, 46);
    assert.ok(exported.every((item) => item.kind === 'function'));
    for (const name of ['fd_write', 'clock_time_get', 'poll_oneoff', 'random_get', 'fd_prestat_get', 'proc_exit']) {
      assert.ok(
        exported.some((item) => item.name === name),
        name,
      );
    }
  });
});
