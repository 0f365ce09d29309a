import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveViewName } from '../../src/deploy/view-name.ts';
import { type ActionInputs, type Checked, inputErrors, loadInputs } from '../../src/inputs/inputs.ts';
import { InputError } from '../../src/kernel/errors.ts';
import { DEFAULT_VALIDATOR } from '../../src/validate/validator.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

function inputs(values: Record<string, string>, cwd: string) {
  return loadInputs((name) => values[name] ?? '', cwd);
}

/** A folder with a project in it: building needs something to build. */
function projectDir(): string {
  const dir = tempDir();
  writeIn(dir, 'package.json', '{}');
  return dir;
}

function value<T>(checked: Checked<T>): T {
  assert.ok(checked.ok, checked.ok ? '' : checked.error.message);
  return checked.value;
}

/** The input error the inputs give (thrown, for working-directory; else the one input that failed, once). */
function errorOf(load: () => ActionInputs | Checked<unknown>): InputError {
  let loaded: ActionInputs | Checked<unknown>;
  try {
    loaded = load();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  const errors = 'ok' in loaded ? (loaded.ok ? [] : [loaded.error]) : inputErrors(loaded);
  assert.equal(errors.length, 1, errors.map((error) => error.message).join('\n'));
  return errors[0]!;
}

function throwsInput(load: () => ActionInputs | Checked<unknown>, input: string, pattern: RegExp): void {
  const error = errorOf(load);
  assert.equal(error.input, input);
  assert.match(error.message, pattern);
}

describe('inputs', () => {
  it('resolves paths against working-directory and applies the defaults', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'view'));
    const { project, ...parsed } = inputs({ component: 'out/view.wasm', 'working-directory': 'view' }, root);
    assert.equal(project.folder, path.join(root, 'view'));
    assert.deepEqual(parsed, {
      source: { ok: true, value: { componentPath: path.join(root, 'view/out/view.wasm') } },
      cache: true,
      contract: { ok: true, value: { witPath: undefined, world: 'state-machine' } },
      validation: { ok: true, value: { maxSizeBytes: 100_000_000, allowImports: [], validator: DEFAULT_VALIDATOR } },
      conformance: { ok: true, value: { eventsFile: undefined, queriesFile: undefined, events: [], queries: [] } },
      deploy: { ok: true, value: undefined },
      warnings: [],
    });
  });

  it('reads the validator from wasm-tools-version and the download inputs', () => {
    const parsed = inputs(
      { component: 'v.wasm', 'wasm-tools-version': '1.258.0', 'download-mirror': 'https://ghes.example.com/' },
      tempDir(),
    );
    assert.deepEqual(value(parsed.validation).validator, {
      version: '1.258.0',
      downloads: { mirror: 'https://ghes.example.com', verifyChecksums: true, userChecksums: {} },
    });
  });

  it("uses the project's wit folder when there is one and wit is not given", () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'wit'));
    assert.equal(value(inputs({ component: 'v.wasm' }, root).contract).witPath, path.join(root, 'wit'));
  });

  it('builds from source when component is empty, with only the versions the inputs set', () => {
    const parsed = inputs(
      { 'componentize-js-version': '0.21.0', entry: 'src/view.ts', output: 'out/v.wasm' },
      projectDir(),
    );
    assert.deepEqual(value(parsed.source), {
      build: {
        language: 'auto',
        entry: 'src/view.ts',
        output: 'out/v.wasm',
        buildCommand: undefined,
        options: { 'rust-builder': 'cargo', 'go-compiler': 'go' },
        versions: { componentizeJs: '0.21.0' },
        downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
        stepTimeoutMs: 1_200_000,
      },
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
      projectDir(),
    );
    const source = value(parsed.source);
    assert.deepEqual('build' in source && source.build.downloads, {
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
    assert.deepEqual(value(parsed.validation).allowImports, [
      'wasi:random/random',
      'wasi:clocks/wall-clock@0.2.0',
      'wasi:io/streams',
    ]);
  });

  it('accepts booleans in any case', () => {
    const parsed = inputs({ component: 'v.wasm', conformance: 'False', deploy: 'FALSE' }, tempDir());
    assert.equal(value(parsed.conformance), undefined);
    assert.equal(value(parsed.deploy), undefined);
  });

  it('names the input in every error', () => {
    const root = projectDir();
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
    throwsInput(
      () => inputs({ 'rust-builder': 'make' }, root),
      'rust-builder',
      /"make" is not cargo or cargo-component\./,
    );
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
      /"yes" is not true, false or auto\./,
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

describe('every bad input at once', () => {
  it('reports each bad deploy input on its own input, in one run', () => {
    const loaded = inputs(
      { component: 'v.wasm', deploy: 'true', 'api-token': '', 'log-id': '', 'if-exists': 'x' },
      tempDir(),
    );
    assert.deepEqual(
      inputErrors(loaded).map((error) => error.input),
      ['api-token', 'log-id', 'view-name', 'if-exists'],
    );
  });

  it('reports an unknown language and an empty folder together', () => {
    const loaded = inputs({ language: 'cobol' }, tempDir());
    assert.deepEqual(
      inputErrors(loaded).map((error) => error.input),
      ['working-directory', 'language'],
    );
  });
});

describe('deploy inputs', () => {
  const LOG = '0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21';
  const deployInputs = (values: Record<string, string>, cwd = tempDir()) =>
    inputs(
      { component: 'v.wasm', deploy: 'true', 'api-token': 't0ken', 'log-id': LOG, 'view-name': 'counter', ...values },
      cwd,
    ).deploy;
  const deploying = (values: Record<string, string>, cwd = tempDir()) => {
    const plan = value(deployInputs(values, cwd));
    assert.ok(plan && 'settings' in plan);
    return plan.settings;
  };

  it('reads every deploy input, with the documented defaults', () => {
    assert.deepEqual(deploying({ 'verify-query': 'total', 'verify-expect': '{"total":25}', 'verify-timeout': '90' }), {
      apiUrl: new URL('https://api.primatomic.com'),
      apiToken: 't0ken',
      logId: LOG,
      viewName: { pattern: 'counter', values: {}, isDefault: false },
      ifExists: 'fail',
      verify: {
        query: new TextEncoder().encode('total'),
        expect: new TextEncoder().encode('{"total":25}'),
        timeoutMs: 90_000,
      },
    });
  });

  it("names the view after the project and the component's sha256 when view-name is empty", () => {
    const cases: Array<[string, string, string]> = [
      ['Cargo.toml', '[package]\nname = "Counter_View"\nversion = "0.1.0"\n', 'counter_view'],
      ['package.json', '{"name": "@acme/orders.view"}', 'orders-view'],
      ['go.mod', 'module github.com/acme/stock-view\n\ngo 1.23\n', 'stock-view'],
      ['go.mod', 'module github.com/acme/stock-view/v2\n\ngo 1.23\n', 'stock-view'],
      ['pyproject.toml', '[project]\nname = "ledger"\n', 'ledger'],
    ];
    for (const [file, text, expected] of cases) {
      const dir = tempDir();
      writeIn(dir, file, text);
      const viewName = deploying({ 'view-name': '' }, dir).viewName;
      assert.equal(viewName.pattern, '{project}-{sha}');
      assert.equal(resolveViewName(viewName, { sha256: 'ab'.repeat(32) }), `${expected}-abababababab`, file);
      const sources = { sha256: 'ab'.repeat(32), source: 'cd'.repeat(32) };
      assert.equal(resolveViewName(viewName, sources), `${expected}-cdcdcdcdcdcd`, `${file}, a build not reproducible`);
    }
    throwsInput(() => deployInputs({ 'view-name': '' }), 'view-name', /no project name was found/);
  });

  it('refuses, before any upload, what would leak the token or deploy the wrong thing', () => {
    throwsInput(
      () => deployInputs({ 'api-token': '' }),
      'api-token',
      /is empty, so nothing was deployed.*forks get no secrets/,
    );
    throwsInput(
      () => deployInputs({ 'log-id': 'my-log' }),
      'log-id',
      /"my-log" is not a log id: Primatomic's log ids are UUIDs/,
    );
    throwsInput(
      () => deployInputs({ 'view-name': 'Counter View' }),
      'view-name',
      /is not a view name: outside placeholders/,
    );
    throwsInput(() => deployInputs({ 'view-name': 'x'.repeat(64) }), 'view-name', /not a safe view name/);
    throwsInput(() => deployInputs({ 'api-url': 'http://api.primatomic.com' }), 'api-url', /is not https/);
    throwsInput(
      () => deployInputs({ 'api-url': 'https://user:pw@api.primatomic.com' }),
      'api-url',
      /must not carry credentials/,
    );
    throwsInput(() => deployInputs({ 'api-url': 'not a url' }), 'api-url', /is not a URL/);
    throwsInput(() => deployInputs({ 'if-exists': 'replace' }), 'if-exists', /is not fail or skip/);
    throwsInput(() => deployInputs({ 'verify-expect': 'x' }), 'verify-expect', /verify-query is not/);
    throwsInput(
      () => deployInputs({ 'verify-query': 'q', 'verify-timeout': 'soon' }),
      'verify-timeout',
      /not a number of seconds/,
    );
  });

  it('allows plain http only to loopback hosts', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:1', 'http://[::1]:9'])
      assert.equal(deploying({ 'api-url': url }).apiUrl.href, new URL(url).href);
  });
});

describe('inputs that stop only their own stage', () => {
  it('keep the other stages runnable: a bad queries line stops the conformance test, not the build', () => {
    const dir = projectDir();
    writeIn(dir, 'queries.jsonl', '{"input": "total"}\n{"input": 3}\n');
    const parsed = inputs({ 'test-queries': 'queries.jsonl' }, dir);
    assert.ok(parsed.source.ok && parsed.contract.ok && parsed.validation.ok && parsed.deploy.ok);
    const error = errorOf(() => parsed);
    assert.equal(error.input, 'test-queries');
    assert.deepEqual(error.location, { file: path.join(dir, 'queries.jsonl'), line: 2 });
  });

  it('refuse an events file that is a JSON array, pretty-printed, or comma-separated: one event per line', () => {
    const dir = tempDir();
    const cases: Array<[string, number, RegExp]> = [
      ['[{"inc":1}, {"inc":2}]\n', 1, /holds a JSON array, not one event per line/],
      ['[\n  {"inc":1},\n  {"inc":2}\n]\n', 1, /holds a JSON array/],
      ['{"inc":1}\n{\n  "inc": 2\n}\n', 2, /is "\{": a pretty-printed JSON value spans lines/],
      ['{"inc":1},\n{"inc":2}\n', 1, /ends with a comma after its JSON value/],
    ];
    for (const [text, line, pattern] of cases) {
      writeIn(dir, 'events.ndjson', text);
      const error = errorOf(() => inputs({ component: 'v.wasm', 'test-events': 'events.ndjson' }, dir));
      assert.equal(error.input, 'test-events');
      assert.match(error.message, pattern);
      assert.match(error.message, /one event per line/);
      assert.deepEqual(error.location, { file: path.join(dir, 'events.ndjson'), line }, text);
    }
  });

  it('ask about actions/checkout when the folder to build is empty', () => {
    throwsInput(
      () => inputs({}, tempDir()),
      'working-directory',
      /is empty: is the repository checked out\? Add actions\/checkout/,
    );
  });

  it('warn about inputs that do nothing: build inputs with a component, samples with conformance: false', () => {
    const parsed = inputs(
      {
        component: 'v.wasm',
        language: 'rust',
        'jco-version': '1.30.0',
        'wasm-tools-version': '1.258.0', // validation's tool: used with a component too
        conformance: 'false',
        'test-events': 'e',
      },
      tempDir(),
    );
    assert.deepEqual(parsed.warnings, [
      { input: 'language', message: 'is ignored: component is set, so the view is not built.' },
      { input: 'jco-version', message: 'is ignored: component is set, so the view is not built.' },
      { input: 'test-events', message: 'is ignored: conformance is false, so no sample is run.' },
    ]);
    assert.equal(value(parsed.validation).validator.version, '1.258.0');
  });

  it("give wasm-tools-version to the build too: the validator's wasm-tools makes Go and Rust components", () => {
    const dir = tempDir();
    writeIn(dir, 'go.mod', 'module example.com/view\n');
    const parsed = inputs({ 'wasm-tools-version': '1.258.0', 'tinygo-version': '0.39.0' }, dir);
    const source = value(parsed.source);
    assert.ok('build' in source);
    assert.deepEqual(source.build.versions, { tinygo: '0.39.0', wasmTools: '1.258.0' });
  });
});

describe('deploying', () => {
  const LOG = '0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21';
  const deploy = (values: Record<string, string>) =>
    inputs({ component: 'v.wasm', deploy: 'true', 'log-id': LOG, 'view-name': 'counter', ...values }, tempDir()).deploy;

  it('with deploy: auto, skips without a token (forks get no secrets) and deploys with one', () => {
    assert.match(JSON.stringify(value(deploy({ deploy: 'auto', 'api-token': '' }))), /"skipped":"api-token is empty/);
    const plan = value(deploy({ deploy: 'auto', 'api-token': 't0ken' }));
    assert.ok(plan && 'settings' in plan && plan.settings.apiToken === 't0ken');
  });

  it('refuses a token with a line break without printing it, and allow-imports (Primatomic refuses imports)', () => {
    const error = errorOf(() => deploy({ 'api-token': 'secret-part\nsecond-part' }));
    assert.equal(error.input, 'api-token');
    assert.match(error.message, /holds a line break/);
    assert.doesNotMatch(error.message, /secret-part|second-part/);
    throwsInput(
      () => deploy({ 'api-token': 't', 'allow-imports': 'wasi:random/random' }),
      'allow-imports',
      /Primatomic refuses it/,
    );
    // Whatever else is wrong with validation's inputs.
    const withBadSize = deploy({ 'api-token': 't', 'allow-imports': 'wasi:random/random', 'max-size': 'big' });
    assert.ok(!withBadSize.ok && withBadSize.error.input === 'allow-imports');
  });

  it('do not warn about deploy inputs with deploy: false (the README sets them, and deploys only on pushes)', () => {
    const parsed = inputs({ component: 'v.wasm', deploy: 'false', 'log-id': 'x', 'api-token': 't' }, tempDir());
    assert.deepEqual(parsed.warnings, []);
  });

  it('let a bad cache value stop only the build: with a component it is ignored, and said so', () => {
    const given = inputs({ component: 'v.wasm', cache: 'maybe' }, tempDir());
    assert.ok(given.source.ok);
    assert.deepEqual(given.warnings, [
      { input: 'cache', message: 'is ignored: component is set, so the view is not built.' },
    ]);
    const built = inputs({ cache: 'maybe' }, projectDir());
    assert.ok(!built.source.ok && built.source.error.input === 'cache');
  });

  it('fills {ref} and {run} from the workflow run, and refuses an unknown placeholder', () => {
    const saved = { ref: process.env.GITHUB_REF_NAME, run: process.env.GITHUB_RUN_NUMBER };
    process.env.GITHUB_REF_NAME = 'v1.2.0';
    process.env.GITHUB_RUN_NUMBER = '42';
    try {
      const plan = value(deploy({ 'api-token': 't', 'view-name': 'counter-{ref}-{run}-{sha}' }));
      assert.ok(plan && 'settings' in plan);
      assert.equal(
        resolveViewName(plan.settings.viewName, { sha256: 'f'.repeat(64), source: 'e'.repeat(64) }),
        'counter-v1-2-0-42-ffffffffffff',
        'a pattern given keeps {sha} whatever the build',
      );
      throwsInput(
        () => deploy({ 'api-token': 't', 'view-name': 'counter-{commit}' }),
        'view-name',
        /\{commit\} is not a placeholder/,
      );
    } finally {
      process.env.GITHUB_REF_NAME = saved.ref ?? '';
      process.env.GITHUB_RUN_NUMBER = saved.run ?? '';
    }
  });

  it('shortens a long branch name with a hash of it, and names a ref of only non-ASCII characters by its hash', () => {
    const saved = process.env.GITHUB_REF_NAME;
    try {
      const resolved = (ref: string) => {
        process.env.GITHUB_REF_NAME = ref;
        const plan = value(deploy({ 'api-token': 't', 'view-name': 'counter-{ref}-{sha}' }));
        assert.ok(plan && 'settings' in plan);
        return resolveViewName(plan.settings.viewName, { sha256: 'f'.repeat(64) });
      };
      const long = resolved('feature/a-branch-name-much-longer-than-anyone-should-write-for-one-change');
      assert.match(long, /^counter-feature-a-branch-[0-9a-f]{6}-ffffffffffff$/);
      assert.notEqual(long, resolved('feature/a-branch-name-much-longer-than-anyone-should-write-for-another'));
      assert.match(resolved('功能分支'), /^counter-ref-[0-9a-f]{6}-ffffffffffff$/);
    } finally {
      process.env.GITHUB_REF_NAME = saved ?? '';
    }
  });

  it('cuts a long project name so that the name keeps the whole sha and fits in 63 characters', () => {
    const viewName = { pattern: '{project}-{sha}', values: { project: 'a'.repeat(80) }, isDefault: true };
    const name = resolveViewName(viewName, { sha256: 'b'.repeat(64) });
    assert.equal(name, `${'a'.repeat(50)}-${'b'.repeat(12)}`);
  });
});
