import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_MEANS, INPUT_DEFAULTS } from '../../src/inputs/input-reader.ts';
import { loadInputs } from '../../src/inputs/inputs.ts';
import { settingsOf } from '../../src/inputs/settings.ts';
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
    const actionInputs = new Set(settingsOf('action').map((setting) => setting.name));
    for (const name of [...Object.keys(INPUT_DEFAULTS), ...Object.keys(EMPTY_MEANS)].filter((n) =>
      actionInputs.has(n),
    )) {
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

/** Where a runner evaluates `${{ }}` in an action's metadata; anywhere else it refuses to load the action. */
const EXPRESSION_PLACES = [/^inputs\.[^.]+\.default$/, /^runs\.(pre-if|post-if)$/, /^runs\.steps\./];

/** Every string of a YAML document with its dotted path (keys included, as `<path>.<key>` with the key as value). */
function* stringsOf(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsOf(item, `${at}.${index}`);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const where = at ? `${at}.${key}` : key;
      yield [where, key];
      yield* stringsOf(item, where);
    }
  }
}

function expressionsOutsideTheirPlaces(document: unknown): string[] {
  return [...stringsOf(document)]
    .filter(([where, text]) => text.includes('${{') && !EXPRESSION_PLACES.some((place) => place.test(where)))
    .map(([where, text]) => `${where}: ${text}`);
}

// biome-ignore-start lint/suspicious/noTemplateCurlyInString: workflow expressions, not JavaScript templates
describe('action.yml loads on a runner', () => {
  it('has ${{ }} only where a runner evaluates it for an action (a default), never in a name or description', () => {
    assert.deepEqual(expressionsOutsideTheirPlaces(manifest), []);
  });

  it('the check finds the mistake that made v1 unloadable', () => {
    const broken = {
      name: 'x',
      inputs: {
        'api-token': { description: 'from a secret: ${{ secrets.PRIMATOMIC_TOKEN }}', default: '' },
        ref: { description: 'a ref', default: '${{ github.ref }}' },
      },
      outputs: { id: { description: '${{ steps.x.outputs.id }}' } },
    };
    assert.deepEqual(expressionsOutsideTheirPlaces(broken), [
      'inputs.api-token.description: from a secret: ${{ secrets.PRIMATOMIC_TOKEN }}',
      'outputs.id.description: ${{ steps.x.outputs.id }}',
    ]);
  });
});
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: workflow expressions, not JavaScript templates
