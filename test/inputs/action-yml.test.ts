import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_MEANS, INPUT_DEFAULTS } from '../../src/inputs/input-reader.ts';
import { loadInputs } from '../../src/inputs/inputs.ts';
import { LANGUAGE_CHOICES } from '../../src/languages/detect.ts';
import { LANGUAGES } from '../../src/languages/index.ts';
import { actionManifest } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

const manifest = actionManifest();

describe("action.yml's inputs", () => {
  it("give the code's defaults, and an empty default says what it means", () => {
    for (const [name, input] of Object.entries(manifest.inputs)) {
      const declared = input.default ?? '';
      if (name in INPUT_DEFAULTS) {
        assert.equal(declared, INPUT_DEFAULTS[name], `${name}: action.yml's default differs from the code's`);
      } else {
        assert.equal(declared, '', `${name}: action.yml has a default the code does not apply`);
      }
      if (name in EMPTY_MEANS) {
        assert.ok(
          input.description.includes(`Empty means ${EMPTY_MEANS[name]}.`),
          `${name}: "Empty means ${EMPTY_MEANS[name]}."`,
        );
      }
    }
    for (const name of [...Object.keys(INPUT_DEFAULTS), ...Object.keys(EMPTY_MEANS)]) {
      assert.ok(name in manifest.inputs, `the code has a default for ${name}, which action.yml does not declare`);
    }
  });

  it('list every language and every choice of a language option', () => {
    for (const id of LANGUAGE_CHOICES)
      assert.match(manifest.inputs.language!.description, new RegExp(`\\b${id}\\b`), id);
    for (const option of LANGUAGES.flatMap((language) => language.options ?? [])) {
      for (const choice of option.choices) {
        assert.ok(manifest.inputs[option.input]?.description.includes(choice), `${option.input}: ${choice}`);
      }
    }
  });

  it('are all read by the code, and the code reads no other', () => {
    const read = new Set<string>();
    const values: Record<string, string> = {
      deploy: 'true',
      'api-token': 'token',
      'log-id': '0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21',
      'view-name': 'counter',
      'verify-query': 'total',
    };
    const project = tempDir();
    writeIn(project, 'package.json', '{}');
    loadInputs((name) => {
      read.add(name);
      return values[name] ?? '';
    }, project);
    assert.deepEqual([...read].sort(), Object.keys(manifest.inputs).sort());
  });
});
