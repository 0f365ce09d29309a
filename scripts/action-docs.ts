// Writes the inputs and outputs tables of README.md from action.yml, between the `<!-- action-docs -->`
// markers; `npm test` fails when they differ. Run with `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface Manifest {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export const ROOT = path.resolve(import.meta.dirname, '..');
const START = '<!-- action-docs:start (generated from action.yml by `npm run docs`) -->';
const END = '<!-- action-docs:end -->';

const inCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ').trim();

export function actionDocs(actionYml: string): string {
  const manifest = parse(actionYml) as Manifest;
  const inputs = Object.entries(manifest.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${inCell(input.description)} | ${input.required ? 'yes' : 'no'} | ` +
      `${input.default ? `\`${input.default}\`` : ''} |`,
  );
  const outputs = Object.entries(manifest.outputs).map(
    ([name, output]) => `| \`${name}\` | ${inCell(output.description)} |`,
  );
  return [
    START,
    '### Inputs',
    '',
    '| Input | Description | Required | Default |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

/** README.md with the generated section replaced by the one action.yml gives. */
export function readmeWithDocs(readme: string, actionYml: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START} ... ${END}`);
  return readme.slice(0, start) + actionDocs(actionYml) + readme.slice(end + END.length);
}

if (import.meta.filename === process.argv[1]) {
  const readmePath = path.join(ROOT, 'README.md');
  const updated = readmeWithDocs(readFileSync(readmePath, 'utf8'), readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  writeFileSync(readmePath, updated);
}
