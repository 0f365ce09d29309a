/**
 * The WIT the reader prints for a plain world, held to what the real `wasm-tools component wit` (on PATH, the
 * pinned release) prints for the same bytes: on the corpus of wasm-tools' and wit-component's tests, on worlds
 * written here and made into components by wasm-tools itself (`component embed --dummy`, `component new`), and
 * on every fixture the validation rules use. What the reader does not print, wasm-tools must still be asked for.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DecodeError } from '../../src/wasm/byte-reader.ts';
import { readComponent } from '../../src/wasm/component-reader.ts';
import { plainWorldWit } from '../../src/wasm/component-wit.ts';
import { jco } from '../../src/wasm/jco.ts';
import { loadCorpus } from '../support/component-corpus.ts';
import { tempDir } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

function nativeWit(bytes: Uint8Array): string | undefined {
  try {
    return execFileSync('wasm-tools', ['component', 'wit'], { input: bytes, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return undefined;
  }
}

/** A component of the world `w` in the WIT files given (deps/ included), made by native wasm-tools. */
function componentOf(files: Record<string, string>): Uint8Array {
  const folder = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, 'wit', name)), { recursive: true });
    writeFileSync(path.join(folder, 'wit', name), text);
  }
  const run = (args: string[]) => execFileSync('wasm-tools', args, { cwd: folder, stdio: 'pipe' });
  run(['component', 'embed', '--dummy', 'wit', '--world', 'w', '-o', 'embedded.wasm']);
  run(['component', 'new', 'embedded.wasm', '-o', 'component.wasm']);
  return readFileSync(path.join(folder, 'component.wasm'));
}

/** Plain functions of every kind of inline value, in two interfaces of a versioned package. */
const PLAIN = `package test:multi@1.2.0;

interface alpha {
  f: func(a: option<string>, b: tuple<u32, char>) -> result<list<u8>, s64>;
  g: func() -> result;
  h: func(x: result<_, string>, y: list<tuple<bool, f64, f32, s8, s16, u64>>);
}

interface beta {
  go: func(x: u8) -> option<option<u16>>;
}

/// Documentation stays in the WIT: the component has none, and neither printer shows any.
interface documented {
  /// Says hello.
  f: func();
}
`;

/** Worlds whose WIT the reader must leave to wasm-tools, each for one reason. */
const NOT_PLAIN: Record<string, string> = {
  'an import': 'interface i { f: func(); }\nworld w { import i; export beta; }',
  'a record': 'interface r { record point { x: u32 } f: func() -> point; }\nworld w { export r; }',
  'an enum': 'interface e { enum color { red } f: func(c: color); }\nworld w { export e; }',
  'a resource': 'interface r { resource thing; f: func() -> thing; }\nworld w { export r; }',
  'a function at the top level': 'world w { export run: func(); }',
  'a function WIT must escape': 'interface k { %type: func(); }\nworld w { export k; }',
  'a parameter WIT must escape': 'interface k { f: func(%list: u8); }\nworld w { export k; }',
};

describe('the WIT of a plain world, printed by the reader', () => {
  it('is what wasm-tools prints, for every plain world in the corpus', async (t) => {
    let printed = 0;
    for (const test of await loadCorpus()) {
      let bytes = test.bytes;
      if (!bytes) {
        try {
          bytes = await jco(test.id, (tools) => tools.parse(test.wat!));
        } catch {
          continue; // text jco's parser refuses (retired syntax)
        }
      }
      let ours: string | undefined;
      try {
        ours = plainWorldWit(readComponent(bytes));
      } catch (error) {
        if (error instanceof DecodeError) continue;
        throw error;
      }
      if (ours === undefined) continue;
      printed++;
      assert.equal(ours, nativeWit(bytes), test.id);
    }
    t.diagnostic(`${printed} plain worlds in the corpus`);
    assert.ok(printed >= 8, `only ${printed} plain worlds`);
  });

  it('is what wasm-tools prints, for interfaces of several packages, versioned or not, in any order', () => {
    const bytes = componentOf({
      'multi.wit':
        `${PLAIN}\nworld w {\n  export beta;\n  export other:pkg/gamma;\n  export alpha;\n` +
        '  export v:q/z@0.1.0;\n  export documented;\n}\n',
      'deps/other/other.wit': 'package other:pkg;\ninterface gamma { q: func(); }\n',
      'deps/v/v.wit': 'package v:q@0.1.0;\ninterface z { r: func(s: string) -> string; }\n',
    });
    const ours = plainWorldWit(readComponent(bytes));
    assert.ok(ours?.includes('package other:pkg {'), ours);
    assert.equal(ours, nativeWit(bytes));
  });

  it("is what wasm-tools prints, for each fixture with a plain world (Primatomic's among them)", async () => {
    let printed = 0;
    for (const [name, make] of Object.entries(fixtures)) {
      const bytes = await make();
      let ours: string | undefined;
      try {
        ours = plainWorldWit(readComponent(bytes));
      } catch {
        continue; // a core module, a broken file
      }
      if (ours === undefined) continue;
      printed++;
      assert.equal(ours, nativeWit(bytes), name);
    }
    assert.ok(printed >= 3, `${printed} fixtures`);
    assert.match(
      plainWorldWit(readComponent(await fixtures.valid())) ?? '',
      /export primatomic:machine\/machine@0\.0\.1;/,
    );
  });

  for (const [what, world] of Object.entries(NOT_PLAIN)) {
    it(`is left to wasm-tools for a world with ${what}`, () => {
      const bytes = componentOf({ 'w.wit': `package test:multi@1.2.0;\n\ninterface beta { go: func(); }\n${world}\n` });
      assert.equal(plainWorldWit(readComponent(bytes)), undefined);
      assert.ok(nativeWit(bytes), 'wasm-tools prints it');
    });
  }
});
