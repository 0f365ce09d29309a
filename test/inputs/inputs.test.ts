import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadInputs } from '../../src/inputs/inputs.ts';
import { InputError } from '../../src/kernel/errors.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

function inputs(values: Record<string, string>, cwd: string) {
  return loadInputs((name) => values[name] ?? '', cwd);
}

function throwsInput(fn: () => unknown, input: string, pattern: RegExp): void {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.input, input);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('inputs', () => {
  it('resolves paths against working-directory and applies the defaults', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'view'));
    const parsed = inputs({ component: 'out/view.wasm', 'working-directory': 'view' }, root);
    assert.deepEqual(parsed, {
      workingDirectory: path.join(root, 'view'),
      componentPath: path.join(root, 'view/out/view.wasm'),
      build: undefined,
      cache: true,
      contract: { witPath: undefined, world: 'state-machine' },
      validation: { maxSizeBytes: 100_000_000, allowImports: [] },
      conformance: { eventsFile: undefined, queriesFile: undefined },
      deploy: undefined,
    });
  });

  it("uses the project's wit folder when there is one and wit is not given", () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'wit'));
    assert.equal(inputs({ component: 'v.wasm' }, root).contract.witPath, path.join(root, 'wit'));
  });

  it('builds from source when component is empty, with only the versions the inputs set', () => {
    const parsed = inputs(
      { 'componentize-js-version': '0.21.0', entry: 'src/view.ts', output: 'out/v.wasm' },
      tempDir(),
    );
    assert.equal(parsed.componentPath, undefined);
    assert.deepEqual(parsed.build, {
      language: 'auto',
      entry: 'src/view.ts',
      output: 'out/v.wasm',
      buildCommand: undefined,
      options: { 'rust-builder': 'auto', 'go-compiler': 'go' },
      versions: { componentizeJs: '0.21.0' },
      downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
    });
    assert.equal(parsed.cache, true);
  });

  it("reads the download settings: mirror, verification and the user's checksums", () => {
    const sha = 'AB'.repeat(32);
    const parsed = inputs(
      {
        'download-mirror': 'https://ghes.example.com/',
        'verify-checksums': 'false',
        'tool-checksums': `wasm-tools@1.258.0=${sha}\ntinygo@0.40.0 = ${'0'.repeat(64)}`,
      },
      tempDir(),
    );
    assert.deepEqual(parsed.build?.downloads, {
      mirror: 'https://ghes.example.com',
      verifyChecksums: false,
      userChecksums: { 'wasm-tools@1.258.0': sha.toLowerCase(), 'tinygo@0.40.0': '0'.repeat(64) },
    });
  });

  it('splits allow-imports on commas and newlines', () => {
    const parsed = inputs(
      { component: 'v.wasm', 'allow-imports': 'wasi:random/random, wasi:clocks/wall-clock@0.2.0\n\nwasi:io/streams\n' },
      tempDir(),
    );
    assert.deepEqual(parsed.validation.allowImports, [
      'wasi:random/random',
      'wasi:clocks/wall-clock@0.2.0',
      'wasi:io/streams',
    ]);
  });

  it('accepts booleans in any case', () => {
    const parsed = inputs({ component: 'v.wasm', conformance: 'False', deploy: 'FALSE' }, tempDir());
    assert.equal(parsed.conformance, undefined);
    assert.equal(parsed.deploy, undefined);
  });

  it('names the input in every error', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'out'));
    writeIn(root, 'file.txt', 'x');
    throwsInput(
      () => inputs({ language: 'cobol' }, root),
      'language',
      /"cobol" is not one of auto, rust, go, js, ts, python/,
    );
    throwsInput(
      () => inputs({ 'jco-version': 'latest' }, root),
      'jco-version',
      /"latest" is not an exact version \(like 1\.35\.0\)/,
    );
    throwsInput(() => inputs({ 'rust-builder': 'make' }, root), 'rust-builder', /"make" is not one of auto, cargo-/);
    throwsInput(
      () => inputs({ 'download-mirror': 'ftp://mirror' }, root),
      'download-mirror',
      /is not an http\(s\) URL/,
    );
    throwsInput(
      () => inputs({ 'tool-checksums': 'wasm-tools@1.0.0=abc' }, root),
      'tool-checksums',
      /is not tool@version=<64 hex digits>/,
    );
    throwsInput(() => inputs({ 'verify-checksums': 'maybe' }, root), 'verify-checksums', /not a boolean/);
    throwsInput(() => inputs({ component: 'out' }, root), 'component', /"out" is a folder/);
    throwsInput(
      () => inputs({ component: 'v.wasm', 'max-size': '100 parsecs' }, root),
      'max-size',
      /"100 parsecs" is not a size\. Use a byte count or .*KiB/,
    );
    throwsInput(() => inputs({ component: 'v.wasm', 'max-size': '0' }, root), 'max-size', /is not a size/);
    throwsInput(
      () => inputs({ component: 'v.wasm', deploy: 'yes' }, root),
      'deploy',
      /"yes" is not a boolean\. Use true or false\./,
    );
    throwsInput(() => inputs({ component: 'v.wasm', conformance: '1' }, root), 'conformance', /not a boolean/);
    throwsInput(() => inputs({ component: 'v.wasm', wit: 'missing-wit' }, root), 'wit', /"missing-wit" does not exist/);
    throwsInput(
      () => inputs({ component: 'v.wasm', 'test-events': 'events.ndjson' }, root),
      'test-events',
      /"events\.ndjson" does not exist/,
    );
    throwsInput(
      () => inputs({ component: 'v.wasm', 'test-queries': 'out' }, root),
      'test-queries',
      /"out" is not a file/,
    );
    throwsInput(
      () => inputs({ component: 'v.wasm', 'working-directory': 'nowhere' }, root),
      'working-directory',
      /is not a folder/,
    );
    throwsInput(
      () => inputs({ component: 'v.wasm', 'working-directory': 'file.txt' }, root),
      'working-directory',
      /is not a folder/,
    );
  });
});

describe('deploy inputs', () => {
  const LOG = '0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21';
  const deploying = (values: Record<string, string>, cwd = tempDir()) =>
    inputs(
      { component: 'v.wasm', deploy: 'true', 'api-token': 't0ken', 'log-id': LOG, 'view-name': 'counter', ...values },
      cwd,
    ).deploy;

  it('reads every deploy input, with the documented defaults', () => {
    assert.deepEqual(deploying({ 'verify-query': 'total', 'verify-expect': '{"total":25}', 'verify-timeout': '90' }), {
      apiUrl: new URL('https://api.primatomic.com'),
      apiToken: 't0ken',
      logId: LOG,
      viewName: 'counter',
      ifExists: 'fail',
      verify: {
        query: new TextEncoder().encode('total'),
        expect: new TextEncoder().encode('{"total":25}'),
        timeoutMs: 90_000,
      },
    });
  });

  it('derives the view name from the project when view-name is empty', () => {
    const cases: Array<[string, string, string]> = [
      ['Cargo.toml', '[package]\nname = "Counter_View"\nversion = "0.1.0"\n', 'counter_view'],
      ['package.json', '{"name": "@acme/orders.view"}', 'orders-view'],
      ['go.mod', 'module github.com/acme/stock-view\n\ngo 1.23\n', 'stock-view'],
      ['pyproject.toml', '[project]\nname = "ledger"\n', 'ledger'],
    ];
    for (const [file, text, expected] of cases) {
      const dir = tempDir();
      writeIn(dir, file, text);
      assert.equal(deploying({ 'view-name': '' }, dir)?.viewName, expected, file);
    }
    throwsInput(() => deploying({ 'view-name': '' }), 'view-name', /no project name was found/);
  });

  it('refuses, before any upload, what would leak the token or deploy the wrong thing', () => {
    throwsInput(
      () => deploying({ 'api-token': '' }),
      'api-token',
      /is empty, so nothing was deployed.*forks get no secrets/,
    );
    throwsInput(
      () => deploying({ 'log-id': 'my-log' }),
      'log-id',
      /"my-log" is not a log id: Primatomic's log ids are UUIDs/,
    );
    throwsInput(() => deploying({ 'view-name': 'Counter View' }), 'view-name', /not a safe view name/);
    throwsInput(() => deploying({ 'view-name': 'x'.repeat(64) }), 'view-name', /not a safe view name/);
    throwsInput(() => deploying({ 'api-url': 'http://api.primatomic.com' }), 'api-url', /is not https/);
    throwsInput(
      () => deploying({ 'api-url': 'https://user:pw@api.primatomic.com' }),
      'api-url',
      /must not carry credentials/,
    );
    throwsInput(() => deploying({ 'api-url': 'not a url' }), 'api-url', /is not a URL/);
    throwsInput(() => deploying({ 'if-exists': 'replace' }), 'if-exists', /is not fail or skip/);
    throwsInput(() => deploying({ 'verify-expect': 'x' }), 'verify-expect', /verify-query is not/);
    throwsInput(
      () => deploying({ 'verify-query': 'q', 'verify-timeout': 'soon' }),
      'verify-timeout',
      /not a number of seconds/,
    );
  });

  it('allows plain http only to loopback hosts', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:1', 'http://[::1]:9'])
      assert.equal(deploying({ 'api-url': url })?.apiUrl.href, new URL(url).href);
  });
});
