// `npm run docs`: writes what is made from the one table of settings (src/inputs/settings.ts) and of outputs
// (src/report/outputs.ts): action.yml's inputs and outputs, the README's tables of them and of the CLI's flags.
// `npm test` fails when either differs from what this writes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { INPUT_DEFAULTS } from '../src/inputs/input-reader.ts';
import { type Setting, settingsOf } from '../src/inputs/settings.ts';
import { OUTPUTS } from '../src/report/outputs.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

const HEADER = `# Made by \`npm run docs\` from src/inputs/settings.ts and src/report/outputs.ts: edit those, not this.
name: Primatomic view
description: >-
  Validate, conformance-test and deploy a Primatomic view (a WebAssembly component), with annotations and a job
  summary.
author: Primatomic view action contributors
branding:
  icon: check-circle
  color: purple
`;

const RUNS = `runs:
  using: node24
  main: dist/index.js
  post: dist/post.js
`;

/** A YAML scalar on one line, quoted when YAML needs it. */
const scalar = (text: string) => stringify(text, { lineWidth: 0 }).trimEnd();

export function actionYml(): string {
  const inputs = settingsOf('action').map(
    (setting) =>
      `  ${setting.name}:\n    description: ${scalar(setting.description)}\n    required: false\n` +
      `    default: ${scalar(setting.default)}\n`,
  );
  const outputs = Object.entries(OUTPUTS).map(
    ([name, output]) => `  ${name}:\n    description: ${scalar(output.description)}\n`,
  );
  return `${HEADER}\ninputs:\n${inputs.join('')}\noutputs:\n${outputs.join('')}\n${RUNS}`;
}

const START = '<!-- settings-docs:start (made by `npm run docs`) -->';
const END = '<!-- settings-docs:end -->';
const CLI_START = '<!-- cli-flags:start (made by `npm run docs`) -->';
const CLI_END = '<!-- cli-flags:end -->';
const GITLAB_START = '<!-- gitlab-inputs:start (made by `npm run docs`) -->';
const GITLAB_END = '<!-- gitlab-inputs:end -->';

const inCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ').trim();
const defaultCell = (setting: Setting) => (INPUT_DEFAULTS[setting.name] ? `\`${INPUT_DEFAULTS[setting.name]}\`` : '');

export function actionDocs(): string {
  return [
    START,
    '### Inputs',
    '',
    '| Input | Description | Default |',
    '| --- | --- | --- |',
    ...settingsOf('action').map(
      (setting) => `| \`${setting.name}\` | ${inCell(setting.description)} | ${defaultCell(setting)} |`,
    ),
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...Object.entries(OUTPUTS).map(([name, output]) => `| \`${name}\` | ${inCell(output.description)} |`),
    END,
  ].join('\n');
}

export function cliFlags(): string {
  return [
    CLI_START,
    '| Flag | Environment | Description | Default |',
    '| --- | --- | --- | --- |',
    ...settingsOf('cli').map(
      (setting) =>
        `| \`--${setting.name}\` | ${setting.env ? `\`${setting.env}\`` : ''} | ${inCell(setting.description)} | ` +
        `${defaultCell(setting)} |`,
    ),
    CLI_END,
  ].join('\n');
}

/** The inputs of the GitLab CI/CD component, from its `spec:` header. */
export function gitlabInputs(): string {
  const template = readFileSync(path.join(ROOT, 'templates/primatomic-view.yml'), 'utf8');
  const spec = parseAllDocuments(template)[0]?.toJS() as {
    spec: { inputs: Record<string, { description: string; default?: string }> };
  };
  return [
    GITLAB_START,
    '| Input | Description | Default |',
    '| --- | --- | --- |',
    ...Object.entries(spec.spec.inputs).map(
      ([name, input]) =>
        `| \`${name}\` | ${inCell(input.description)} | ` + `${input.default ? `\`${input.default}\`` : ''} |`,
    ),
    GITLAB_END,
  ].join('\n');
}

function between(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  return text.slice(0, from) + content + text.slice(to + end.length);
}

/** README.md with its generated sections made anew. */
export function readmeWithDocs(readme: string): string {
  const withSettings = between(readme, START, END, actionDocs());
  return between(between(withSettings, CLI_START, CLI_END, cliFlags()), GITLAB_START, GITLAB_END, gitlabInputs());
}

if (import.meta.filename === process.argv[1]) {
  writeFileSync(path.join(ROOT, 'action.yml'), actionYml());
  const readmePath = path.join(ROOT, 'README.md');
  writeFileSync(readmePath, readmeWithDocs(readFileSync(readmePath, 'utf8')));
}
