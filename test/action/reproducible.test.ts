/**
 * The same sources and tool versions give the same view, built in two folders: byte for byte where the build is
 * reproducible (Go, Rust), and else the same sources' sha256, which the default view name carries (JavaScript,
 * TypeScript and Python: componentize-js and componentize-py snapshot a heap with random seeds and clocks in it).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { debianRust, env, example, RUST_ENV } from '../support/examples.ts';
import { copyOfAction, ROOT, runAction } from '../support/run-action.ts';

let actionDir: string;
before(() => {
  actionDir = copyOfAction();
});

/** Builds examples/<name> in two fresh copies (two paths), checks only: the outputs of each. */
async function buildTwice(name: string, buildEnv: Record<string, string> = env) {
  const runs = [];
  for (const _ of [1, 2]) {
    const run = await runAction({ conformance: 'false' }, { actionDir, cwd: example(name), env: buildEnv });
    assert.equal(run.code, 0, run.stdout);
    runs.push(run.outputs);
  }
  return runs as [Record<string, string>, Record<string, string>];
}

describe('reproducible builds', () => {
  for (const name of ['go', 'rust']) {
    it(`builds examples/${name} into the same bytes twice`, {
      skip: name === 'rust' && !debianRust && 'needs Debian rustc-web, cargo-web, rust-web-src and lld',
    }, async () => {
      const rustTarget = path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-target');
      const [first, second] = await buildTwice(
        name,
        name === 'rust' ? { ...RUST_ENV, CARGO_TARGET_DIR: rustTarget } : env,
      );
      assert.match(first['component-sha256'] ?? '', /^[0-9a-f]{64}$/);
      assert.equal(second['component-sha256'], first['component-sha256']);
      assert.equal(first['source-sha256'], undefined, 'a reproducible build is named after its bytes');
    });
  }

  for (const name of ['js', 'ts', 'python']) {
    it(`names examples/${name} after its sources, the same twice (its bytes differ from build to build)`, async () => {
      const [first, second] = await buildTwice(name);
      assert.match(first['source-sha256'] ?? '', /^[0-9a-f]{64}$/);
      assert.equal(second['source-sha256'], first['source-sha256']);
    });
  }
});
