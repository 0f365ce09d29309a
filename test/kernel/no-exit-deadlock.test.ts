/**
 * The compilers whose background jobs can deadlock Node's exit (Sparkplug, Maglev) are off once the module has run,
 * in the main thread and in workers (the conformance test's): V8's traces show a hot function compiled by neither,
 * where a process without the module compiles it with both.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

const HOT =
  'function primatomicHot(x){let s=0;for(let i=0;i<1000;i++)s+=(x*i)%7;return s}' +
  'let t=0;for(let j=0;j<2e5;j++)t+=primatomicHot(j);';

/** What V8 traced of primatomicHot, run hot in the main thread and then in a worker. */
function tracesOfHotFunction(withModule: boolean): string[] {
  const module = pathToFileURL(path.join(ROOT, 'src/kernel/no-exit-deadlock.ts')).href;
  const script = writeIn(
    tempDir('primatomic-flags-'),
    'hot.mjs',
    `${withModule ? `import ${JSON.stringify(module)};\n` : ''}import { Worker } from 'node:worker_threads';\n` +
      `eval(${JSON.stringify(HOT)});\n` +
      `await new Promise((resolve) => new Worker(${JSON.stringify(HOT)}, { eval: true }).on('exit', resolve));\n`,
  );
  const traced = execFileSync(process.execPath, ['--trace-baseline-batch-compilation', '--trace-opt', script], {
    encoding: 'utf8',
  });
  return traced.split('\n').filter((line) => line.includes('primatomicHot'));
}

describe('the exit deadlock of Node 24', () => {
  it('has no Sparkplug or Maglev compile to wait for once the module has run, in workers too', () => {
    const plain = tracesOfHotFunction(false).join('\n');
    assert.match(plain, /\[Baseline batch compilation\] Enqueued SFI primatomicHot/, 'Sparkplug, without the module');
    assert.match(plain, /target MAGLEV/, 'Maglev, without the module');

    const traced = tracesOfHotFunction(true);
    assert.ok(traced.filter((line) => /completed optimizing .*TURBOFAN/.test(line)).length >= 2, traced.join('\n'));
    assert.doesNotMatch(traced.join('\n'), /Baseline batch compilation|MAGLEV/);
  });
});
