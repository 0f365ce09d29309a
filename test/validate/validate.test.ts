import assert from 'node:assert/strict';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { which } from '../../src/kernel/process.ts';
import { jcoInstances } from '../../src/wasm/jco.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { messagesOf, statuses, validateBytes, validateFile } from '../support/validate.ts';
import { fixtures, machineWit } from '../support/views.ts';

const ALL_PASS = {
  file: 'pass',
  size: 'pass',
  component: 'pass',
  decodes: 'pass',
  'no-imports': 'pass',
  exports: 'pass',
  reactor: 'pass',
};

describe('a valid view', () => {
  it('passes every rule, with no findings', async () => {
    const report = await validateBytes(await fixtures.valid());
    assert.deepEqual(statuses(report), ALL_PASS);
    assert.equal(report.findings.length, 0);
    assert.match(report.facts.wit ?? '', /export primatomic:machine\/machine@0\.0\.1;/);
    assert.match(report.facts.sha256 ?? '', /^[0-9a-f]{64}$/);
  });
});

describe('rule file: exists, is a regular file, is not empty', () => {
  it('fails on a missing file and skips the rules that need it', async () => {
    const report = await validateFile(path.join(tempDir(), 'nope.wasm'), { maxSizeBytes: 1000 });
    assert.equal(statuses(report).file, 'fail');
    assert.match(messagesOf(report, 'file')[0]!, /^No file at .*nope\.wasm\.$/);
    assert.deepEqual(
      report.results.filter((r) => r.status === 'skipped').map((r) => r.id),
      ['size', 'component', 'decodes', 'no-imports', 'exports', 'reactor'],
    );
    assert.equal(report.errors, 1);
  });

  it('fails on a folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'view.wasm'));
    const report = await validateFile(path.join(dir, 'view.wasm'), { maxSizeBytes: 1000 });
    assert.match(messagesOf(report, 'file')[0]!, /is a folder; give a file/);
  });

  it('fails on an empty file', async () => {
    const report = await validateBytes(new Uint8Array());
    assert.equal(statuses(report).file, 'fail');
    assert.match(messagesOf(report, 'file')[0]!, /is empty \(0 bytes\)/);
  });
});

describe('rule size: within max-size', () => {
  it('fails a view over a small limit, naming both sizes', async () => {
    const bytes = await fixtures.valid();
    const report = await validateBytes(bytes, { maxSizeBytes: 100 });
    assert.equal(statuses(report).size, 'fail');
    assert.match(
      messagesOf(report, 'size')[0]!,
      /^The view is 2\.\d KB \(\d+ bytes\), over the limit of 100 bytes, max-size /,
    );
    assert.equal(statuses(report).component, 'skipped');
  });

  it("fails a file over Primatomic's 100 MB by its size alone: 8 GB sparse, neither read nor hashed", async () => {
    const file = path.join(tempDir(), 'huge.wasm');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 8_000_000_000);
    closeSync(fd);
    const started = performance.now();
    const report = await validateFile(file, { maxSizeBytes: 100_000_000 });
    assert.equal(statuses(report).size, 'fail');
    assert.equal(report.facts.bytes, undefined);
    assert.equal(report.facts.sha256, undefined);
    // Hashing 8 GB takes over a minute here; deciding by size, well under a second.
    assert.ok(performance.now() - started < 5000);
  });

  it('passes a view exactly at the limit', async () => {
    const bytes = await fixtures.valid();
    const report = await validateBytes(bytes, { maxSizeBytes: bytes.length });
    assert.equal(statuses(report).size, 'pass');
  });
});

describe('rule component: a component, not a core module', () => {
  it('fails a core module with the generic build hint', async () => {
    const report = await validateBytes(await fixtures.coreModule());
    assert.equal(statuses(report).component, 'fail');
    assert.match(messagesOf(report, 'component')[0]!, /core WebAssembly module, not a component/);
    assert.match(report.findings[0]!.hint ?? '', /wasm-tools component new/);
  });

  it('fails garbage as not WebAssembly', async () => {
    const report = await validateBytes('PK\u0003\u0004 this is a zip, not a view');
    assert.equal(statuses(report).component, 'fail');
    assert.match(messagesOf(report, 'component')[0]!, /not WebAssembly/);
  });

  it('fails WebAssembly text with the command that converts it', async () => {
    const report = await validateBytes('(component)\n');
    assert.match(report.findings[0]!.message, /WebAssembly text/);
    assert.match(report.findings[0]!.hint ?? '', /wasm-tools parse/);
  });

  it('fails an older component binary version', async () => {
    const bytes = await fixtures.valid();
    bytes[4] = 0x0c;
    const report = await validateBytes(bytes);
    assert.match(messagesOf(report, 'component')[0]!, /version 0xc/);
  });
});

/** An unsigned LEB128 at `at`: its value and how many bytes it takes. */
function leb128(bytes: Uint8Array, at: number): [value: number, length: number] {
  let value = 0;
  for (let length = 0; ; length++) {
    const byte = bytes[at + length]!;
    value += (byte & 0x7f) * 2 ** (7 * length);
    if ((byte & 0x80) === 0) return [value, length + 1];
  }
}

describe('rule decodes: decodes completely', () => {
  it('fails a truncated component, saying it is truncated and where', async () => {
    const bytes = await fixtures.valid();
    const report = await validateBytes(bytes.slice(0, Math.floor(bytes.length / 2)));
    assert.deepEqual(statuses(report), {
      ...ALL_PASS,
      decodes: 'fail',
      'no-imports': 'skipped',
      exports: 'skipped',
      reactor: 'skipped',
    });
    assert.match(messagesOf(report, 'decodes')[0]!, /ends early .* the file is truncated/);
  });

  it("calls a whole file whose section is shorter than its contents invalid, in the validator's words", async () => {
    const bytes = Uint8Array.from(await fixtures.valid());
    // The second section's size one less (the first is the core module): the file is whole, the section wrong.
    const [firstSize, sizeBytes] = leb128(bytes, 9);
    const second = 9 + sizeBytes + firstSize;
    assert.ok(bytes[second + 1]! > 1 && bytes[second + 1]! < 0x80, 'a one-byte size');
    bytes[second + 1]! -= 1;
    const report = await validateBytes(bytes);
    const [message] = messagesOf(report, 'decodes');
    assert.match(message!, /^The component does not validate: .* \(wasm-tools from PATH\)\.$/);
    assert.doesNotMatch(message!, /truncated/);
  });

  it('fails a component with garbage after the header', async () => {
    const bytes = await fixtures.valid();
    const garbage = new Uint8Array(bytes.length);
    garbage.set(bytes.slice(0, 8));
    garbage.fill(0xff, 8);
    const report = await validateBytes(garbage);
    assert.equal(statuses(report).decodes, 'fail');
    assert.equal(report.errors, 1);
  });
});

describe('validity: what wasm-tools validate says, not whether WIT can express the component', () => {
  const WASI_RANDOM = '(import "wasi:random/random@0.2.0" (instance (export "get-random-u64" (func (result u64)))))';

  it("fails a component the validator rejects, in the validator's words, and still reports its imports", async () => {
    const wat = `(component ${WASI_RANDOM}
      (core module $m (func (export "f") (result i32) i64.const 1)) (core instance (instantiate $m)))`;
    const report = await validateBytes(await parse(wat));
    assert.equal(statuses(report).decodes, 'fail');
    assert.match(
      messagesOf(report, 'decodes')[0]!,
      /^The component does not validate: func 0 failed to validate; type mismatch: expected i32, found i64 \(at offset 0x[0-9a-f]+\) \(wasm-tools from PATH\)\.$/,
    );
    assert.equal(statuses(report)['no-imports'], 'fail');
    assert.match(messagesOf(report, 'no-imports')[0]!, /wasi:random\/random@0\.2\.0 \(get-random-u64\)/);
  });

  it('passes decoding for a valid component WIT cannot express, with a warning, and reports its import', async () => {
    // Exporting a core module is valid; WIT has no way to say it.
    const wat = `(component ${WASI_RANDOM} (core module $m) (export "m" (core module $m)))`;
    const report = await validateBytes(await parse(wat));
    assert.equal(statuses(report).decodes, 'warning');
    assert.match(
      messagesOf(report, 'decodes')[0]!,
      /^The component is valid, but WIT cannot express it \(.*not a function or instance/,
    );
    assert.equal(report.facts.wit, undefined);
    assert.equal(statuses(report)['no-imports'], 'fail');
    assert.equal(statuses(report).exports, 'fail');
  });

  it("keeps a panic of jco's wasm-tools out of the log, as a warning, and later verdicts stay right", {
    skip: POSIX_ONLY,
  }, async () => {
    // A wasm-tools built with `validate` alone (as some are): the WIT comes from jco's, whose panic this is.
    const real = which('wasm-tools');
    assert.ok(real, 'the tests put wasm-tools on PATH');
    const bin = tempDir('validate-only-');
    writeFileSync(
      path.join(bin, 'wasm-tools'),
      `#!/bin/sh\n[ "$1" = validate ] && exec "${real}" "$@"\necho "error: unrecognized subcommand '$1'" >&2\nexit 2\n`,
    );
    chmodSync(path.join(bin, 'wasm-tools'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      await panicOfJco();
    } finally {
      process.env.PATH = saved;
    }
  });
});

async function panicOfJco(): Promise<void> {
  {
    const panicking = await parse(
      '(component (type (component (type (instance)) (export "a:b/c" (instance (type 0))))) (export "c" (type 0)))',
    );
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let report: Awaited<ReturnType<typeof validateBytes>>;
    try {
      report = await validateBytes(panicking);
    } finally {
      process.stderr.write = write;
    }
    assert.doesNotMatch(written.join(''), /panicked|backtrace/);
    assert.equal(statuses(report).decodes, 'warning');
    assert.match(
      messagesOf(report, 'decodes')[0]!,
      /^jco's wasm-tools failed in rendering WIT: Unexpected wit package; the verdict does not depend on it\.$/,
    );
    assert.equal(statuses(report).exports, 'fail', 'the rules after it still ran');
    // Its own words are kept for the debug log, for whoever reports it.
    assert.match(report.facts.toolFailures[0]?.detail ?? '', /panicked/);
    const instances = jcoInstances();
    // A plain world's WIT is the reader's: jco is not needed for it.
    const valid = await validateBytes(await fixtures.valid());
    assert.deepEqual(statuses(valid), ALL_PASS);
    assert.match(valid.facts.wit ?? '', /export primatomic:machine\/machine@0\.0\.1;/);
    assert.equal(jcoInstances(), instances);
    // One with an import is not plain: its WIT comes from jco.
    const importing = await validateBytes(await fixtures.wasiImport());
    assert.match(importing.facts.wit ?? '', /import wasi:random\/random@0\.2\.0;/);
    assert.equal(jcoInstances(), instances + 1, 'the retired instance was replaced, once, when next needed');
  }
}

describe('rule no-imports: imports nothing', () => {
  it('fails a WASI import, listing the interface and its functions', async () => {
    const report = await validateBytes(await fixtures.wasiImport());
    assert.equal(statuses(report)['no-imports'], 'fail');
    assert.match(
      messagesOf(report, 'no-imports')[0]!,
      /imports 1 interface, .* wasi:random\/random@0\.2\.0 \(get-random-u64\)/,
    );
    assert.match(report.findings[0]!.hint ?? '', /WASI/);
  });

  it('reports an import listed in allow-imports as a warning, with or without its version', async () => {
    for (const allowed of ['wasi:random/random', 'wasi:random/random@0.2.0']) {
      const report = await validateBytes(await fixtures.wasiImport(), { allowImports: [allowed] });
      assert.equal(statuses(report)['no-imports'], 'warning');
      assert.equal(report.errors, 0);
      assert.match(messagesOf(report, 'no-imports')[0]!, /allowed by allow-imports/);
    }
  });
});

describe('rule exports: the world with exact signatures', () => {
  it('fails an export of the wrong kind, in plain words, with what to build against', async () => {
    const wat = `(component
      (core module $m (func (export "f"))) (core instance $ci (instantiate $m))
      (func $f (canon lift (core func $ci "f"))) (type $r (record (field "a" u8)))
      (instance $i (export "init" (func $f)) (export "append" (type $r)))
      (export "primatomic:machine/machine@0.0.1" (instance $i)))`;
    const report = await validateBytes(await parse(wat));
    const wrongKind = report.findings.find((found) => /exports append as/.test(found.message));
    assert.equal(wrongKind?.message, 'primatomic:machine/machine@0.0.1 exports append as a type, not a function.');
    assert.equal(wrongKind?.hint, 'Build against the primatomic:machine@0.0.1 WIT, world state-machine.');
  });

  it('fails a different package version, naming both', async () => {
    const report = await validateBytes(await fixtures.wrongVersion());
    assert.equal(statuses(report).exports, 'fail');
    assert.deepEqual(messagesOf(report, 'exports'), [
      'The view exports primatomic:machine/machine@0.0.2, but Primatomic calls primatomic:machine/machine@0.0.1: ' +
        'the package version differs.',
    ]);
  });

  it('fails a wrong result type, naming the function and both types', async () => {
    const report = await validateBytes(await fixtures.wrongSignature());
    assert.deepEqual(messagesOf(report, 'exports'), [
      'primatomic:machine/machine@0.0.1: query has the wrong type: expected query: func(input: list<u8>) -> ' +
        'list<u8>, found query: func(input: list<u8>) -> string.',
    ]);
  });

  it('fails a wrong parameter type', async () => {
    const { buildComponent, counterModule } = await import('../support/views.ts');
    const bytes = await buildComponent(counterModule(), machineWit({ signatures: { append: 'func(event: string)' } }));
    const report = await validateBytes(bytes);
    assert.match(
      messagesOf(report, 'exports')[0]!,
      /append has the wrong type: expected append: func\(event: list<u8>\), found append: func\(event: string\)/,
    );
  });

  it('fails a missing function, naming it and its declared type', async () => {
    const report = await validateBytes(await fixtures.missingFunction());
    assert.deepEqual(messagesOf(report, 'exports'), [
      'primatomic:machine/machine@0.0.1 has no function restore; the world declares restore: func(snapshot: list<u8>).',
    ]);
  });

  it('warns on an extra export and passes otherwise', async () => {
    const report = await validateBytes(await fixtures.extraExport());
    assert.equal(statuses(report).exports, 'warning');
    assert.equal(report.errors, 0);
    assert.match(messagesOf(report, 'exports')[0]!, /also exports primatomic:extra\/stats@0\.1\.0/);
  });

  it('warns when only a parameter name differs', async () => {
    const report = await validateBytes(await fixtures.renamedParameter());
    assert.equal(statuses(report).exports, 'warning');
    assert.match(
      messagesOf(report, 'exports')[0]!,
      /append names its parameters differently: expected func\(event: list<u8>\), found func\(bytes: list<u8>\)/,
    );
  });

  it("annotates contract findings on the line of the user's WIT that declares the function", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'wit'));
    const witFile = writeIn(path.join(dir, 'wit'), 'machine.wit', machineWit());
    const report = await validateBytes(await fixtures.wrongSignature(), { projectWit: path.join(dir, 'wit') });
    const finding = report.findings.find((f) => f.rule === 'exports');
    assert.deepEqual(finding?.location, {
      file: witFile,
      line:
        machineWit()
          .split('\n')
          .findIndex((l) => l.includes('query:')) + 1,
    });
  });

  it("judges by Primatomic's contract even when the project's WIT agrees with the view", async () => {
    const dir = tempDir();
    const witFile = writeIn(dir, 'machine.wit', machineWit({ version: '0.0.2' }));
    const report = await validateBytes(await fixtures.wrongVersion(), { projectWit: witFile });
    assert.equal(statuses(report).exports, 'fail');
    assert.match(messagesOf(report, 'exports')[0]!, /the package version differs/);
  });
});

describe('rule reactor: not a command', () => {
  it('fails a component exporting wasi:cli/run', async () => {
    const report = await validateBytes(await fixtures.command());
    assert.equal(statuses(report).reactor, 'fail');
    assert.match(
      messagesOf(report, 'reactor')[0]!,
      /exports wasi:cli\/run@0\.2\.0, which makes it a command component/,
    );
    assert.deepEqual(
      messagesOf(report, 'exports'),
      [],
      "the command export is the reactor rule's, not an extra export",
    );
  });
});

describe('async exports', () => {
  it("refuses a function exported with the component model's async ABI, saying to build it synchronously", async () => {
    const report = await validateBytes(await fixtures.asyncQuery());
    assert.equal(statuses(report).decodes, 'pass', 'wasm-tools accepts async components by default');
    assert.equal(statuses(report).exports, 'fail');
    const [finding] = report.findings.filter((found) => found.rule === 'exports');
    assert.match(finding!.message, /query is async \(async func\(input: list<u8>\) -> list<u8>, exported with/);
    assert.match(finding!.hint ?? '', /`func`, not `async func`, in the WIT/);
  });
});

describe('the size limit in the hint', () => {
  it("names max-size when it is not Primatomic's limit, and says to raise it", async () => {
    const report = await validateBytes(await fixtures.valid(), { maxSizeBytes: 100 });
    const [found] = report.findings.filter((f) => f.rule === 'size');
    assert.match(found!.message, /over the limit of 100 bytes, max-size \(Primatomic's own limit is 100\.0 MB/);
    assert.doesNotMatch(found!.hint ?? '', /100 MB/);
    assert.match(found!.hint ?? '', /or raise max-size\.$/);
  });
});
