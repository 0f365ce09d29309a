/**
 * What keeps the house clean, checked on every run: the layers import downward only, lines fit the formatter's
 * width, and no source comment points outside the repository.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/run-action.ts';

const LINE_LIMIT = 120;

function filesUnder(folder: string, pattern = /\.(ts|mjs)$/): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => pattern.test(file))
    .map((file) => path.join(folder, file));
}

const SOURCES = ['src', 'test', 'bench', 'scripts', 'emulator'].flatMap((folder) => filesUnder(folder));

/**
 * The layers, top to bottom: a folder of src/ may import its own layer's shared rooms and anything below, never
 * a folder above it, and a stage never reaches into another stage's folder.
 */
const LAYERS: string[][] = [
  ['action', 'cli'],
  ['pipeline'],
  ['report'],
  ['inputs', 'cache'],
  ['printer'],
  ['builder', 'validate', 'conformance', 'deploy'],
  ['languages'],
  ['toolchain', 'contract'],
  ['wasm', 'net'],
  ['kernel'],
];
const STAGES = new Set(LAYERS[5]);
/** The two doors onto the pipeline: neither imports the other. */
const DOORS = new Set(LAYERS[0]);
const layerOf = (room: string) => LAYERS.findIndex((layer) => layer.includes(room));
/** The folder of src/ a path is in; the files directly in src/ are the top room. */
const roomOf = (pathInSrc: string) => pathInSrc.split(path.sep)[0]!;

describe('the house', () => {
  it('imports downward only: doors → pipeline → stages → languages → toolchain → kernel, no stage into another', () => {
    const wrong: string[] = [];
    for (const file of filesUnder('src')) {
      const room = roomOf(path.relative('src', file));
      for (const match of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const imported = path.relative('src', path.join(path.dirname(file), match[1]!));
        if (imported.startsWith('..')) continue; // package.json
        const target = roomOf(imported);
        if (target === room) continue;
        const sideways = (STAGES.has(room) && STAGES.has(target)) || (DOORS.has(room) && DOORS.has(target));
        if (sideways || layerOf(target) <= layerOf(room)) wrong.push(`${file} imports ${match[1]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it(`keeps lines within ${LINE_LIMIT} characters (regular expression literals aside)`, () => {
    const long = SOURCES.flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${file}:${index + 1}` }))
        .filter(({ line }) => line.length > LINE_LIMIT && !/^\s*\/[^/*]/.test(line))
        .map(({ at }) => at),
    );
    assert.deepEqual(long, []);
  });

  it('prints only through the printer, which hides secrets and makes workflow commands inert', () => {
    // The action's sink for the printer is the one place that calls @actions/core's printing.
    const direct = filesUnder('src')
      .filter((file) => file !== path.join('src', 'action', 'runner-log.ts'))
      .filter((file) =>
        /\bcore\.(info|warning|error|notice|debug|group|startGroup)\(/.test(
          readFileSync(path.join(ROOT, file), 'utf8'),
        ),
      );
    assert.deepEqual(direct, []);
  });

  it('keeps @actions/* inside the action door: the pipeline and the CLI run anywhere', () => {
    const outside = filesUnder('src')
      .filter((file) => !file.startsWith(path.join('src', 'action') + path.sep))
      .filter((file) => /from '@actions\//.test(readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(outside, []);
  });

  it('has no source comment that points to a file outside the repository', () => {
    const outside = SOURCES.filter((file) =>
      /\.\.\/shared|TOOLCHAINS\.md|GO-VIEWS\.md|PLATFORM\.md|STYLE\.md/.test(
        readFileSync(path.join(ROOT, file), 'utf8'),
      ),
    ).filter((file) => !file.endsWith('house-rules.test.ts'));
    assert.deepEqual(outside, []);
  });
});

describe("the action's own workflows", () => {
  const workflows = readdirSync(path.join(ROOT, '.github/workflows')).map((file) => ({
    file,
    text: readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8'),
  }));

  it('pin every third-party action by commit SHA, with its version as a comment', () => {
    const loose = workflows.flatMap(({ file, text }) =>
      [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)]
        .filter(([, target, rest]) => !target!.startsWith('./') && !/@[0-9a-f]{40} # \S+$/.test(`${target}${rest}`))
        .map(([line]) => `${file}: ${line}`),
    );
    assert.deepEqual(loose, []);
  });

  it('give the least permissions, and keep no git credentials after checkout', () => {
    for (const { file, text } of workflows) {
      assert.match(text, /^permissions:\n {2}contents: read$/m, `${file}: read-only permissions at the top`);
      const checkouts = text.split('uses: actions/checkout@').slice(1);
      for (const step of checkouts) assert.ok(step.split(/\n\s+- /)[0]!.includes('persist-credentials: false'), file);
    }
  });
});
