/**
 * Building the examples from source through the bundled action, with the real toolchains: jco and
 * componentize-js from npm, componentize-py from PyPI, and Rust where this machine has a wasm32 toolchain.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadView } from '../../src/conformance/view-runtime.ts';
import { code } from '../../src/report/markdown.ts';
import { debianRust, env, example, existsOnPath, RUST_ENV, TESTS } from '../support/examples.ts';
import {
  counterWith,
  INVENTORY_EVENTS,
  INVENTORY_QUERIES,
  inventoryView,
  panickingView,
  selfExportingView,
  strayImportView,
} from '../support/go-views.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { ReleaseServer, sha256, tarGzWith } from '../support/release-server.ts';
import { copyOfAction, ROOT, runAction } from '../support/run-action.ts';
import { LEDGER_QUERIES, ledgerWorkspace } from '../support/rust-ledger.ts';
import { tempDir } from '../support/tmp.ts';
import { machineWit } from '../support/views.ts';
import { runInWasmtime } from '../support/wasmtime.ts';

let actionDir: string;
before(() => {
  actionDir = copyOfAction();
});

describe('building from source', () => {
  it('builds the TypeScript example (esbuild, then jco componentize) and it passes every check', async () => {
    const cwd = example('ts');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'ts');
    assert.equal(run.outputs['component-path'], path.join(cwd, 'build/view.wasm'));
    assert.equal(run.outputs.conformance, 'passed');
    assert.match(run.summary, /## Build: ✅ TypeScript/);
  });

  it('builds the Python example with componentize-py --stub-wasi, which adds an export the action knows', async () => {
    const run = await runAction(TESTS, { actionDir, cwd: example('python'), env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'python');
    assert.deepEqual(run.warnings, [], "componentize-py's own `exports` export is not an extra-export warning");
    assert.equal(run.outputs.conformance, 'passed');
  });

  it("refuses a project WIT that differs from Primatomic's, on its line, before anything is built", async () => {
    const cwd = example('js');
    mkdirSync(path.join(cwd, 'wit'));
    const wit = machineWit({ signatures: { query: 'func(input: string) -> string' } });
    writeFileSync(path.join(cwd, 'wit/machine.wit'), wit);
    const line = wit.split('\n').findIndex((text) => text.includes('query:')) + 1;
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      new RegExp(
        `^::error title=Primatomic build%3A the project's WIT,file=.*wit/machine\\.wit,line=${line}::query: ` +
          "func\\(input: string\\) -> string differs from Primatomic's query: func\\(input: list<u8>\\) -> list<u8>\\.",
      ),
    );
    assert.match(run.summary, /Nothing was built: Primatomic would refuse the view\./);
    assert.doesNotMatch(run.stdout, /Componentize/, 'the build did not start');
  });

  it('finds a mistyped world in the WIT before anything is built, listing the worlds there', async () => {
    const cwd = example('js');
    mkdirSync(path.join(cwd, 'wit'));
    writeFileSync(path.join(cwd, 'wit/machine.wit'), machineWit());
    const run = await runAction({ ...TESTS, world: 'state-machne' }, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /The WIT has no world state-machne; it declares state-machine \(machine\.wit:\d+\)/,
    );
    assert.doesNotMatch(run.stdout, /Componentize/, 'the build did not start');
  });

  it('says when a JavaScript query returns a string, which reaches Primatomic as 0 bytes', async () => {
    const cwd = example('js');
    const view = readFileSync(path.join(cwd, 'view.js'), 'utf8');
    writeFileSync(path.join(cwd, 'view.js'), view.replace('return state();', 'return JSON.stringify({ total });'));
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conformance, 'failed');
    assert.ok(
      run.errors.some((error) =>
        error.startsWith(
          '::error title=Primatomic conformance%3A query and snapshot return bytes,file=test/queries.jsonl,' +
            'line=1::query for sample query 1 returned a string ("{\\"total\\":25}"), not bytes; it reached ' +
            'Primatomic as 0 bytes.',
        ),
      ),
      run.errors.join('\n'),
    );
  });

  it('type-checks a TypeScript view: a query returning a string is an error on its line', async () => {
    const cwd = example('ts');
    const index = path.join(cwd, 'src/index.ts');
    const source = readFileSync(index, 'utf8').replace(
      'query(_input: Uint8Array): Uint8Array {\n    return state();',
      'query(input: string): string {\n    return input;',
    );
    writeFileSync(index, source);
    const line = source.split('\n').findIndex((text) => text.includes('query(input: string)')) + 1;
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      new RegExp(
        `^::error title=Build error%3A compiler,file=src/index\\.ts,line=${line}::query does not match ` +
          "primatomic:machine/machine@0\\.0\\.1: Type '\\(input: string\\) => string' is not assignable to type " +
          "'\\(input: Uint8Array\\) => Uint8Array'\\.",
      ),
    );
    assert.match(
      run.errors[0] ?? '',
      /What to do: Declare query as the contract does: query\(input: Uint8Array\): Uint8Array\./,
    );
    assert.doesNotMatch(run.stdout, /Componentize/, 'nothing was componentized');
  });

  it('annotates a JavaScript syntax error on its line', async () => {
    const cwd = example('js');
    const view = readFileSync(path.join(cwd, 'view.js'), 'utf8').replace('total = 0;\n  },', 'total = ;\n  },');
    writeFileSync(path.join(cwd, 'view.js'), view);
    const line = view.split('\n').findIndex((text) => text.includes('total = ;')) + 1;
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      new RegExp(`^::error title=Build error%3A compiler,file=view\\.js,line=${line}::Unexpected ";"`),
    );
  });

  it('annotates a TypeScript syntax error on its line and names the command that failed', async () => {
    const cwd = example('ts');
    writeFileSync(path.join(cwd, 'src/events.ts'), 'export function parseEvent(text: string) {\n  return text +;\n}\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Build error%3A compiler,file=src\/events\.ts,line=2::TS1109: Expression expected\./,
    );
    assert.match(
      run.errors[1] ?? '',
      /^::error title=Primatomic build failed::Type-check the view against the contract \(tsc\) failed \(exit code 1\)\.$/,
    );
    assert.match(run.summary, /## Build: ❌ failed/);
    assert.doesNotMatch(run.summary, /## Primatomic view/, 'nothing is validated after a failed build');
  });

  it('annotates a Python error raised while componentize-py imports the module, with RUST_BACKTRACE=1', async () => {
    const cwd = example('python');
    writeFileSync(path.join(cwd, 'app.py'), 'import json\n\ntotl += 1\n');
    const run = await runAction(TESTS, { actionDir, cwd, env: { ...env, RUST_BACKTRACE: '1' } });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Build error%3A compiler,file=app\.py,line=3::NameError: name 'totl' is not defined$/,
    );
    assert.doesNotMatch(run.errors.join('\n'), /pythonrun\.c|Stack backtrace/, 'no CPython or componentize-py frames');
  });

  it("shows a Python view's exception and where it was raised, on the line of the event that raised it", async () => {
    const cwd = example('python');
    const app = readFileSync(path.join(cwd, 'app.py'), 'utf8').replace(
      '            total -= parsed["dec"]',
      '            total -= parsed["dec"]\n' +
        '        if parsed.get("dec") == 5:\n            raise ValueError("five is too many")',
    );
    writeFileSync(path.join(cwd, 'app.py'), app);
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /file=test\/events\.ndjson,line=3::append of event 3 .*The view wrote "ValueError: five is too many" at app\.py:\d+\./,
    );
  });

  it('annotates a Python syntax error on its line', async () => {
    const cwd = example('python');
    writeFileSync(path.join(cwd, 'app.py'), 'import json\n\ndef broken(:\n    pass\n');
    const run = await runAction(TESTS, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(run.errors[0] ?? '', /^::error title=Build error%3A compiler,file=app\.py,line=3::SyntaxError: /);
  });
});

describe('building Go views with the standard Go toolchain', () => {
  it('builds the Go example into a component that imports nothing, and it passes every check', async () => {
    const run = await runAction(TESTS, { actionDir, cwd: example('go'), env });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual([run.errors, run.warnings], [[], []]);
    assert.equal(run.outputs.language, 'go');
    assert.match(run.summary, /## Build: ✅ Go/);
    assert.match(run.summary, /go go1\.\d+/);
    assert.match(run.summary, /### Imports \(0\)\n\nNone: the view is self-contained\./);
    assert.equal(run.outputs.conformance, 'passed');
  });

  it('builds five plain functions, only working-directory set; runs in jco and wasmtime, no imports', async () => {
    const cwd = inventoryView();
    const run = await runAction({ 'working-directory': cwd, ...TESTS }, { actionDir, cwd: path.dirname(cwd), env });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(run.errors, []);
    assert.equal(run.outputs.conformance, 'passed');
    assert.match(run.summary, /\| <code>expected-answers<\/code> Queries return the expected answers \| ✅ pass \|/);
    const component = run.outputs['component-path']!;
    const queries = INVENTORY_QUERIES.map((query) => query.input);
    const expected = INVENTORY_QUERIES.map((query) => query.expect);

    // jco's transpile with no WASI shims, instantiated with nothing.
    const runtime = await loadView(readFileSync(component));
    assert.deepEqual(runtime.imports, []);
    const { machine } = await runtime.instantiate();
    machine.init();
    for (const event of INVENTORY_EVENTS) machine.append(new TextEncoder().encode(event));
    assert.deepEqual(
      queries.map((query) => new TextDecoder().decode(machine.query(new TextEncoder().encode(query)))),
      expected,
    );

    // wasmtime with a linker that defines nothing.
    const wasmtime = runInWasmtime(component, INVENTORY_EVENTS, queries);
    assert.deepEqual(wasmtime.imports, []);
    assert.deepEqual(wasmtime.answers, expected);
    assert.deepEqual(wasmtime.restoredAnswers, expected);
    assert.equal(Buffer.from(wasmtime.snapshot, 'hex').toString(), '{"apple":2,"pear":2}');
  });

  it("puts a missing or mistyped function on the view's own file and line, not on the generated exports", async () => {
    const missing = await runAction({}, { actionDir, cwd: counterWith('Query', ''), env });
    assert.equal(missing.code, 1);
    assert.match(
      missing.errors[0] ?? '',
      /^::error title=Build error%3A compiler,file=.*main\.go,line=1::The view does not define `func Query\(input \[\]byte\) \[\]byte`\./,
    );
    const mistyped = await runAction(
      {},
      { actionDir, cwd: counterWith('Append', 'func Append(event string) {}\n'), env },
    );
    assert.equal(mistyped.code, 1);
    assert.match(
      mistyped.errors[0] ?? '',
      /file=.*main\.go,line=\d+::Append has type func\(event string\); a Go view needs `func Append\(event \[\]byte\)`\./,
    );
    assert.doesNotMatch(missing.stdout + mistyped.stdout, /file=[^,]*zz_primatomic/);
  });

  it('refuses a stray //go:wasmimport before making the component, on the line that declares it', async () => {
    const run = await runAction({}, { actionDir, cwd: strayImportView(), env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /^::error title=Build error%3A compiler,file=.*host\.go,line=3::The view imports env\.foo \(\/\/go:wasmimport\), and Primatomic provides no imports\./,
    );
    assert.match(run.errors[1] ?? '', /The core module imports env\.foo, which Primatomic cannot provide/);
  });

  it('builds a package that exports the machine itself as it is', async () => {
    const run = await runAction({}, { actionDir, cwd: selfExportingView(), env });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conformance, 'passed');
  });

  it("shows a Go panic's message on the line of the event that caused it", async () => {
    const cwd = panickingView();
    const panicLine =
      readFileSync(path.join(cwd, 'main.go'), 'utf8').split('\n').indexOf('\t\tpanic("boom event")') + 1;
    const run = await runAction({ 'test-events': 'events.ndjson' }, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      new RegExp(
        'file=events\\.ndjson,line=2::append of event 2 \\(line 2 of events\\.ndjson: \\{"boom":1\\}\\) trapped ' +
          'while running the events: wasm trap: wasm `unreachable` instruction executed\\. ' +
          `The view wrote "panic: boom event" at main\\.go:${panicLine}\\.`,
      ),
    );
  });
});

describe('a Go view that floods stdout before it panics', { skip: POSIX_ONLY }, () => {
  it("keeps the panic's message after 600 MB, in bounded memory", async () => {
    const cwd = panickingView({ floodMegabytes: 600 });
    const run = await runAction({ 'test-events': 'events.ndjson' }, { actionDir, cwd, env });
    assert.equal(run.code, 1);
    assert.match(run.errors[0] ?? '', /The view wrote "panic: boom event" at main\.go:\d+\./);
  });
});

describe('building Go views with TinyGo', {
  skip: POSIX_ONLY || (existsOnPath('tinygo') && 'tinygo is installed here'),
}, () => {
  it('refuses to download TinyGo without a known checksum, before any download', async () => {
    // 0.39.0 is outside the table: refused before any request (this test must never reach github.com).
    const run = await runAction(
      { 'go-compiler': 'tinygo', 'tinygo-version': '0.39.0' },
      { actionDir, cwd: example('go'), env: { RUNNER_TOOL_CACHE: tempDir('tool-cache-') } },
    );
    assert.equal(run.code, 1);
    assert.match(
      run.errors.join('\n'),
      /There is no known sha256 for tinygo 0\.39\.0 on x86_64-linux, so it was not downloaded\.%0AWhat to do: Give it in tool-checksums \(tinygo@0\.39\.0=<sha256>\), install tinygo in an earlier step/,
    );
  });

  it('builds a copy of the module with the exports added, with TinyGo from a mirror, checked', async () => {
    const server = await ReleaseServer.start();
    try {
      // A stand-in with the real archive layout that records its arguments, and compiles the copy it is run in with
      // the standard Go toolchain as TinyGo would: proof that the copy holds the view and the glue.
      const log = path.join(tempDir('tinygo-args-'), 'args');
      const tinygo = tarGzWith(
        'tinygo',
        'bin/tinygo',
        '0.39.0',
        `echo "$@" > "${log}"; ls >> "${log}"; while [ "$1" != "-o" ]; do shift; done; ` +
          'GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o "$2" "$3"',
      );
      server.assets.set('/tinygo-org/tinygo/releases/download/v0.39.0/tinygo0.39.0.linux-amd64.tar.gz', tinygo);
      const cwd = example('go');
      const run = await runAction(
        {
          ...TESTS,
          'go-compiler': 'tinygo',
          'tinygo-version': '0.39.0',
          'download-mirror': server.url,
          'tool-checksums': `tinygo@0.39.0=${sha256(tinygo)}`,
        },
        { actionDir, cwd, env: { RUNNER_TOOL_CACHE: tempDir('tool-cache-') } },
      );
      assert.equal(run.code, 0, run.stdout);
      assert.deepEqual(server.requests, [
        '/tinygo-org/tinygo/releases/download/v0.39.0/tinygo0.39.0.linux-amd64.tar.gz',
      ]);
      assert.match(run.summary, /tinygo 0\.39\.0 \(downloaded\)/);
      assert.equal(run.outputs.conformance, 'passed');
      const [args, ...files] = readFileSync(log, 'utf8').trim().split('\n');
      assert.match(args!, /^build -target=wasip1 -buildmode=c-shared -buildvcs=false -no-debug -o \S+core\.wasm \.$/);
      assert.deepEqual(files, ['go.mod', 'main.go', 'test', 'zz_primatomic_exports.go', 'zz_primatomic_main.go']);
      assert.ok(!existsSync(path.join(cwd, 'zz_primatomic_exports.go')), "nothing is written into the user's tree");
    } finally {
      await server.close();
    }
  });
});

describe('building Rust views', {
  skip: !debianRust && 'needs Debian rustc-web, cargo-web, rust-web-src and lld (.ci/run installs them)',
}, () => {
  it('builds the example with rust-builder: cargo (cargo build, component new) and passes every check', async () => {
    const run = await runAction(
      { ...TESTS, 'rust-builder': 'cargo' },
      {
        actionDir,
        cwd: example('rust'),
        env: {
          ...RUST_ENV,
          CARGO_TARGET_DIR: path.join(ROOT, 'node_modules/.cache/primatomic-view-action/rust-target'),
        },
      },
    );
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.language, 'rust');
    assert.equal(run.outputs.conformance, 'passed');
  });

  it("shows a Rust panic's message on the line of the event that caused it", async () => {
    const cwd = example('rust');
    const lib = readFileSync(path.join(cwd, 'src/lib.rs'), 'utf8').replace(
      '            TOTAL.set(TOTAL.get() + delta);',
      '            assert!(delta != -5, "a decrement of {} is not allowed", -delta);\n' +
        '            TOTAL.set(TOTAL.get() + delta);',
    );
    writeFileSync(path.join(cwd, 'src/lib.rs'), lib);
    const run = await runAction(TESTS, { actionDir, cwd, env: RUST_ENV });
    assert.equal(run.code, 1);
    assert.match(
      run.errors[0] ?? '',
      /file=test\/events\.ndjson,line=3::append of event 3 .*The view wrote "a decrement of 5 is not allowed" at src\/lib\.rs:\d+\./,
    );
  });

  it('builds a wit-bindgen + serde_json view in a Cargo workspace with nothing set but working-directory', async () => {
    const crate = ledgerWorkspace();
    const run = await runAction(
      { 'working-directory': crate, ...TESTS },
      { actionDir, cwd: path.dirname(path.dirname(crate)), env: RUST_ENV },
    );
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(run.errors, []);
    assert.equal(run.outputs['component-path'], path.join(crate, 'build/view.wasm'));
    assert.match(run.summary, /cargo \+ component new \(wasm-tools from PATH\)/);
    assert.match(run.summary, /### Imports \(0\)\n\nNone: the view is self-contained\./);
    assert.equal(run.outputs.conformance, 'passed');
    // Every sample query answered exactly what its line expects, shown as answer and expectation side by side.
    const shown = (text: string) => code(`${JSON.stringify(text)} (${Buffer.byteLength(text)} bytes)`);
    for (const { input, expect } of LEDGER_QUERIES) {
      assert.ok(
        run.summary.includes(`| ${shown(input)} | ${shown(expect)} | ${shown(expect)} |`),
        `${input} → ${expect}`,
      );
    }
    // Built where the workspace keeps its target folder, not in the crate's.
    assert.ok(existsSync(path.join(crate, '../../target/wasm32-unknown-unknown/release/ledger_view.wasm')));
  });
});
