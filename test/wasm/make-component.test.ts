/**
 * Making a component from a core module, natively (wasm-tools `component embed`, `component new --adapt`) and
 * in-process (jco's wasm-tools): the same component either way, up to the producers of the tool that made it.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CARRIED_WIT_URL } from '../../src/contract/contract.ts';
import { which } from '../../src/kernel/process.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { componentFromCore } from '../../src/wasm/make-component.ts';
import { readProducers } from '../../src/wasm/producers.ts';
import { tempDir } from '../support/tmp.ts';
import { validateBytes } from '../support/validate.ts';
import { coreModule, counterModule } from '../support/views.ts';

/** A core module as Go's leaves it: the machine's exports, and a WASI preview 1 import that the adapter answers. */
const goLikeCore = () =>
  coreModule(
    counterModule({
      imports: ['(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))'],
    }),
  );

describe('making a component from a core module', () => {
  const wasmTools = which('wasm-tools');
  const recipe = { embed: { witPath: fileURLToPath(CARRIED_WIT_URL), world: 'state-machine' }, preview1Adapter: true };

  it('gives the same component natively and with jco: valid, importing nothing, the same exports', {
    skip: !wasmTools && 'needs wasm-tools on PATH',
  }, async () => {
    const core = await goLikeCore();
    const native = await componentFromCore(core, recipe, wasmTools);
    const inProcess = await componentFromCore(core, recipe);
    for (const [how, bytes] of [
      ['native', native],
      ['jco', inProcess],
    ] as const) {
      const report = await validateBytes(bytes);
      assert.equal(report.errors, 0, `${how}: ${report.findings.map((finding) => finding.message).join('; ')}`);
      assert.equal(readComponent(bytes).imports.size, 0, how);
    }
    assert.deepEqual([...readComponent(native).exports.keys()], [...readComponent(inProcess).exports.keys()]);
    const madeBy = (bytes: Uint8Array) => readProducers(bytes)[0]?.find(([field]) => field === 'processed-by');
    assert.match(String(madeBy(native)), /wit-component/);
  });

  it('says what wasm-tools refused, as a build error', { skip: !wasmTools && 'needs wasm-tools on PATH' }, async () => {
    const wit = path.join(tempDir(), 'broken.wit');
    writeFileSync(wit, 'package primatomic:machine@0.0.1;\nworld state-machine { export nothing-here; }\n');
    await assert.rejects(
      componentFromCore(await goLikeCore(), { embed: { witPath: wit, world: 'state-machine' } }, wasmTools),
      /Making the component failed in component embed: .*nothing-here/,
    );
  });
});
