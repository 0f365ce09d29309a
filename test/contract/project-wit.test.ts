import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkProjectWit } from '../../src/contract/project-wit.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { machineWit } from '../support/views.ts';

/** The project's WIT as a file, and the line of the first line of it that includes `text`. */
function projectWit(text: string) {
  const file = writeIn(tempDir(), 'machine.wit', text);
  const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
  return { file, lineOf };
}

describe("the project's WIT, against Primatomic's contract", () => {
  it('passes a verbatim copy of primatomic:machine@0.0.1', async () => {
    assert.deepEqual(await checkProjectWit(projectWit(machineWit()).file, 'state-machine'), []);
  });

  it('names each function that differs, on its line', async () => {
    const wit = projectWit(
      machineWit({ signatures: { query: 'func(input: string) -> string', snapshot: 'func() -> string' } }),
    );
    const findings = await checkProjectWit(wit.file, 'state-machine');
    assert.deepEqual(
      findings.map((found) => [found.severity, found.message, found.location]),
      [
        [
          'error',
          "query: func(input: string) -> string differs from Primatomic's query: func(input: list<u8>) -> list<u8>.",
          { file: wit.file, line: wit.lineOf('query:') },
        ],
        [
          'error',
          "snapshot: func() -> string differs from Primatomic's snapshot: func() -> list<u8>.",
          { file: wit.file, line: wit.lineOf('snapshot:') },
        ],
      ],
    );
  });

  it('refuses an async function, saying to declare it synchronously', async () => {
    const wit = projectWit(machineWit({ signatures: { query: 'async func(input: list<u8>) -> list<u8>' } }));
    const [found] = await checkProjectWit(wit.file, 'state-machine');
    assert.match(found!.message, /^query: async func\(input: list<u8>\) -> list<u8> differs from Primatomic's/);
    assert.match(found!.hint ?? '', /`func`, not `async func`/);
  });

  it('refuses a missing function, another package version and an import', async () => {
    const missing = projectWit(machineWit({ omit: ['restore'] }));
    const [noRestore] = await checkProjectWit(missing.file, 'state-machine');
    assert.equal(noRestore?.severity, 'error');
    assert.match(noRestore!.message, /has no restore; Primatomic's declares restore: func\(snapshot: list<u8>\)/);
    assert.equal(noRestore?.location?.line, missing.lineOf('interface machine'));

    const versioned = projectWit(machineWit({ version: '0.0.2' }));
    const [version] = await checkProjectWit(versioned.file, 'state-machine');
    assert.match(version!.message, /exports primatomic:machine\/machine@0\.0\.2; Primatomic calls .*@0\.0\.1/);
    assert.equal(version?.location?.line, versioned.lineOf('package'));

    const importing = projectWit(machineWit({ worldItems: ['import wasi:random/random@0.2.0;'], packages: [RANDOM] }));
    const [imported] = await checkProjectWit(importing.file, 'state-machine');
    assert.match(imported!.message, /imports wasi:random\/random@0\.2\.0; Primatomic's world imports nothing/);
    assert.equal(imported?.location?.line, importing.lineOf('import wasi:random'));
  });

  it('warns about a renamed parameter and an extra function, which Primatomic ignores', async () => {
    const wit = projectWit(
      machineWit({ signatures: { append: 'func(bytes: list<u8>)' } }).replace(
        '  restore:',
        '  stats: func() -> u32;\n  restore:',
      ),
    );
    const findings = await checkProjectWit(wit.file, 'state-machine');
    assert.deepEqual(
      findings.map((found) => [found.severity, found.location?.line]),
      [
        ['warning', wit.lineOf('append:')],
        ['warning', wit.lineOf('stats:')],
      ],
    );
  });

  it('finds a mistyped world before any build, listing the worlds the WIT declares', async () => {
    const wit = projectWit(machineWit());
    const [typo] = await checkProjectWit(path.dirname(wit.file), 'state-machne');
    const line = wit.lineOf('world state-machine');
    assert.equal(typo?.severity, 'error');
    assert.equal(typo?.message, `The WIT has no world state-machne; it declares state-machine (machine.wit:${line}).`);
    assert.deepEqual(typo?.location, { file: wit.file, line });
  });
});

const RANDOM = `
package wasi:random@0.2.0 {
  interface random {
    get-random-u64: func() -> u64;
  }
}`;
