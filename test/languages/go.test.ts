/**
 * The Go build's parts, with the machine's Go: the glue as Go sees it, the version check, and the WASI answers of
 * the adapter (inside the component) and of its JavaScript twin (which explains traps) agreeing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { buildView } from '../../src/builder/builder.ts';
import { replayOnCore } from '../../src/conformance/core-replay.ts';
import { loadView } from '../../src/conformance/view-runtime.ts';
import { BuildError } from '../../src/kernel/errors.ts';
import { SILENT } from '../../src/kernel/log.ts';
import { go } from '../../src/languages/go.ts';
import { EXPORTS_GLUE, glueFor, parseJsonStream } from '../../src/languages/go-package.ts';
import { Project } from '../../src/languages/project.ts';
import { DEFAULT_TOOL_VERSIONS } from '../../src/toolchain/tool-versions.ts';
import { probeView } from '../support/go-views.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { ROOT } from '../support/run-action.ts';
import { tempDir } from '../support/tmp.ts';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('the Go glue', () => {
  it('is gofmt-formatted Go', () => {
    const glue = path.join(ROOT, 'src/languages/go-glue');
    assert.equal(execFileSync('gofmt', ['-l', glue], { encoding: 'utf8' }), '');
  });

  it('refuses a package that has a file of a glue name already, on that file, before any build', () => {
    const dir = tempDir('go-glue-taken-');
    writeFileSync(path.join(dir, EXPORTS_GLUE), 'package main\n');
    const pkg = {
      dir,
      importPath: 'example.com/view',
      isMain: true,
      goFiles: [],
      hasMain: true,
      machineExports: [],
      viewFunctions: {},
      wasmImports: [],
    };
    const error = (() => {
      try {
        glueFor(pkg);
      } catch (thrown) {
        return thrown;
      }
    })();
    assert.ok(error instanceof BuildError, String(error));
    assert.match(error.hint!, /^Rename zz_primatomic_exports\.go: primatomic-view adds a file of that name/);
    assert.deepEqual(error.located[0]?.location, { file: path.join(dir, EXPORTS_GLUE), line: 1 });
    assert.deepEqual(glueFor({ ...pkg, machineExports: [{ file: 'x.go', line: 1, text: '' }] }), []);
  });

  it('reads the stream of JSON objects go list prints', () => {
    assert.deepEqual(parseJsonStream('{"Name": "a", "X": "}{"}\n{\n  "Name": "b"\n}\n'), [
      { Name: 'a', X: '}{' },
      { Name: 'b' },
    ]);
  });
});

describe('the Go on PATH', { skip: POSIX_ONLY }, () => {
  const context = (workingDirectory: string) => ({
    project: new Project(workingDirectory),
    witPath: '/wit',
    world: 'state-machine',
    entry: '.',
    output: path.join(workingDirectory, 'view.wasm'),
    versions: DEFAULT_TOOL_VERSIONS,
    options: { 'go-compiler': 'go' },
    downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
    scratch: tempDir(),
    log: SILENT,
  });

  it('must be 1.24 or newer, and the error says how to get one', async () => {
    const bin = tempDir('old-go-');
    writeFileSync(path.join(bin, 'go'), '#!/bin/sh\necho go1.23.4\n');
    chmodSync(path.join(bin, 'go'), 0o755);
    process.env.PATH = `${bin}:/bin`;
    await assert.rejects(go.plan(context(tempDir())), (error) => {
      assert.ok(error instanceof BuildError);
      assert.equal(error.message, 'Go 1.23.4 is on PATH; Go views need Go 1.24 or newer (//go:wasmexport).');
      assert.match(error.hint ?? '', /actions\/setup-go with go-version: '1\.24' or later/);
      return true;
    });
  });

  it('must be there, and the error names actions/setup-go', async () => {
    process.env.PATH = tempDir('no-go-');
    await assert.rejects(go.plan(context(tempDir())), (error) => {
      assert.ok(error instanceof BuildError);
      assert.match(error.message, /go is not on PATH/);
      assert.match(error.hint ?? '', /actions\/setup-go/);
      return true;
    });
  });
});

describe('the import-free WASI adapter', () => {
  it('answers as its JavaScript twin: fixed clock, instant sleep, seeded random, no files or env', async () => {
    const dir = probeView();
    const outcome = await buildView({
      project: new Project(dir),
      contract: { witPath: undefined, world: 'state-machine' },
      settings: {
        language: 'auto',
        entry: undefined,
        output: undefined,
        buildCommand: undefined,
        versions: {},
        options: { 'go-compiler': 'go' },
        downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
        stepTimeoutMs: 600_000,
      },
      log: SILENT,
    });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.error.message);
    const runtime = await loadView(readFileSync(outcome.result.componentPath));
    assert.deepEqual(runtime.imports, []);
    const { machine } = await runtime.instantiate();
    machine.init();
    const answer = new TextDecoder().decode(machine.query(new Uint8Array()));
    assert.deepEqual(JSON.parse(answer), {
      now: '2024-01-01T00:00:01Z',
      slept: '50ms',
      random: JSON.parse(answer).random,
      readErr: 'open /etc/hostname: Bad file number',
      args: 0,
      env: 0,
    });
    assert.match(JSON.parse(answer).random, /^[0-9a-f]{16}$/);

    const explainer = await outcome.result.explainer!();
    assert.equal(explainer.kind, 'preview1-core');
    const twin = await replayOnCore(explainer.bytes, [['init'], ['query', new Uint8Array()]]);
    assert.equal(twin.trapped, false);
    assert.equal(twin.output, `${answer}\n`);
  });
});
