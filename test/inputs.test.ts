import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../src/errors.ts';
import { loadInputs } from '../src/inputs.ts';
import { formatSize, parseSize } from '../src/size.ts';
import { tempDir, writeIn } from './support/tmp.ts';

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

describe('sizes', () => {
  it('parses byte counts and decimal and binary units, any case', () => {
    assert.equal(parseSize('100MB'), 100_000_000);
    assert.equal(parseSize('1048576'), 1_048_576);
    assert.equal(parseSize('512 KiB'), 524_288);
    assert.equal(parseSize('1.5mib'), 1_572_864);
    assert.equal(parseSize('2GB'), 2_000_000_000);
    assert.equal(parseSize('10kb'), 10_000);
  });

  it('refuses unknown units and non-numbers', () => {
    for (const text of ['100 MiBs', '100TB', 'MB', '-5MB', 'ten', '']) assert.equal(parseSize(text), undefined, text);
  });

  it('formats in Primatomic\'s decimal units with the exact count', () => {
    assert.equal(formatSize(999), '999 bytes');
    assert.equal(formatSize(12_475_513), '12.5 MB (12475513 bytes)');
    assert.equal(formatSize(2085), '2.1 KB (2085 bytes)');
  });
});

describe('inputs', () => {
  it('resolves paths against working-directory and applies the defaults', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'view'));
    const parsed = inputs({ component: 'out/view.wasm', 'working-directory': 'view' }, root);
    assert.deepEqual(parsed, {
      workingDirectory: path.join(root, 'view'),
      componentPath: path.join(root, 'view/out/view.wasm'),
      witPath: undefined,
      world: 'state-machine',
      maxSizeBytes: 100_000_000,
      allowImports: [],
      conformance: true,
      testEvents: undefined,
      testQueries: undefined,
      deploy: false,
    });
  });

  it('uses the project\'s wit folder when there is one and wit is not given', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'wit'));
    assert.equal(inputs({ component: 'v.wasm' }, root).witPath, path.join(root, 'wit'));
  });

  it('splits allow-imports on commas and newlines', () => {
    const parsed = inputs({ component: 'v.wasm', 'allow-imports': 'wasi:random/random, wasi:clocks/wall-clock@0.2.0\n\nwasi:io/streams\n' }, tempDir());
    assert.deepEqual(parsed.allowImports, ['wasi:random/random', 'wasi:clocks/wall-clock@0.2.0', 'wasi:io/streams']);
  });

  it('accepts booleans in any case', () => {
    const parsed = inputs({ component: 'v.wasm', conformance: 'True', deploy: 'FALSE' }, tempDir());
    assert.equal(parsed.conformance, true);
    assert.equal(parsed.deploy, false);
  });

  it('names the input in every error', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'out'));
    writeIn(root, 'file.txt', 'x');
    throwsInput(() => inputs({}, root), 'component', /is empty/);
    throwsInput(() => inputs({ component: 'out' }, root), 'component', /"out" is a folder/);
    throwsInput(() => inputs({ component: 'v.wasm', 'max-size': '100 parsecs' }, root), 'max-size', /"100 parsecs" is not a size\. Use a byte count or .*KiB/);
    throwsInput(() => inputs({ component: 'v.wasm', 'max-size': '0' }, root), 'max-size', /is not a size/);
    throwsInput(() => inputs({ component: 'v.wasm', deploy: 'yes' }, root), 'deploy', /"yes" is not a boolean\. Use true or false\./);
    throwsInput(() => inputs({ component: 'v.wasm', conformance: '1' }, root), 'conformance', /not a boolean/);
    throwsInput(() => inputs({ component: 'v.wasm', wit: 'missing-wit' }, root), 'wit', /"missing-wit" does not exist/);
    throwsInput(() => inputs({ component: 'v.wasm', 'test-events': 'events.ndjson' }, root), 'test-events', /"events\.ndjson" does not exist/);
    throwsInput(() => inputs({ component: 'v.wasm', 'test-queries': 'out' }, root), 'test-queries', /"out" is not a file/);
    throwsInput(() => inputs({ component: 'v.wasm', 'working-directory': 'nowhere' }, root), 'working-directory', /is not a folder/);
    throwsInput(() => inputs({ component: 'v.wasm', 'working-directory': 'file.txt' }, root), 'working-directory', /is not a folder/);
  });
});
