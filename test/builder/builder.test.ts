import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type BuildOutcome, type BuildSettings, buildView, toolVersionsFor } from '../../src/builder/builder.ts';
import { SILENT } from '../../src/kernel/log.ts';
import { languageById } from '../../src/languages/index.ts';
import { Project } from '../../src/languages/project.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { project } from '../support/project.ts';
import { writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

const SETTINGS: BuildSettings = {
  language: 'auto',
  entry: undefined,
  output: 'out/view.wasm',
  buildCommand: undefined,
  versions: {},
  options: { 'rust-builder': 'cargo' },
  downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
  stepTimeoutMs: 600_000,
};

function build(dir: string, overrides: Partial<BuildSettings>): Promise<BuildOutcome> {
  return buildView({
    project: new Project(dir),
    contract: { witPath: undefined, world: 'state-machine' },
    settings: { ...SETTINGS, ...overrides },
    log: SILENT,
  });
}

describe('tool versions', () => {
  it("come from the inputs, then the project's exact pins, then the defaults", () => {
    const manifest = {
      devDependencies: {
        '@bytecodealliance/jco': '1.30.0',
        '@bytecodealliance/componentize-js': '0.19.0',
        typescript: '5.9.3',
      },
    };
    const dir = project({ 'package.json': JSON.stringify(manifest) });
    assert.deepEqual(toolVersionsFor(languageById('js')!, new Project(dir), { componentizeJs: '0.21.0' }), {
      jco: '1.30.0',
      componentizeJs: '0.21.0',
      esbuild: '0.28.2',
      typescript: '5.9.3',
      componentizePy: '0.25.1',
      wasmTools: '1.257.1',
      cargoComponent: '0.21.1',
      tinygo: '0.40.1',
    });
  });
});

describe('build-command', { skip: POSIX_ONLY }, () => {
  it('replaces the built-in build and the component is taken from output', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    writeIn(dir, 'prebuilt.wasm', await fixtures.valid());
    const outcome = await build(dir, { buildCommand: 'cp prebuilt.wasm out/view.wasm' });
    assert.ok(outcome.ok);
    assert.equal(outcome.result.componentPath, path.join(dir, 'out/view.wasm'));
    assert.equal(outcome.result.language.id, 'go');
    assert.deepEqual(
      outcome.result.steps.map((step) => step.title),
      ['build-command'],
    );
  });

  it('fails naming the command and its exit code, keeping its output and its errors on their lines', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    const outcome = await build(dir, { buildCommand: 'echo "./main.go:3:1: syntax error" >&2; exit 3' });
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.message, 'build-command failed (exit code 3).');
    assert.match(outcome.error.command, /^bash --noprofile --norc -eo pipefail -c 'echo .*exit 3'$/);
    assert.match(outcome.error.output, /syntax error/);
    assert.deepEqual(
      outcome.diagnostics.map((f) => [f.location?.file, f.location?.line]),
      [[path.join(dir, 'main.go'), 3]],
    );
  });

  it('fails when the build wrote no component', async () => {
    const dir = project({ 'go.mod': 'module v\n' });
    const outcome = await build(dir, { buildCommand: 'true' });
    assert.ok(!outcome.ok);
    assert.match(outcome.error.message, /The build succeeded but wrote no .*out\/view\.wasm/);
  });
});
