import { type ActionInputs, inputErrors } from '../inputs/inputs.ts';
import { print } from '../printer/printer.ts';
import { cell, code, table } from './markdown.ts';
import type { RunStory } from './story.ts';

/** Every input error (on its file and line when it has one) and every ignored input, and their summary section. */
export function reportInputs(inputs: ActionInputs, story: RunStory): void {
  const errors = inputErrors(inputs);
  for (const error of errors) story.inputError(error);
  for (const warning of inputs.warnings) {
    const say = warning.notice ? print.notice : print.warning;
    say(`Input ${warning.input} ${warning.message}`, { title: `Primatomic input ${warning.input}` });
  }
  if (errors.length === 0 && inputs.warnings.length === 0) return;
  const rows = [
    ...errors.map((error) => [
      '❌',
      code(error.input),
      cell(error.message) +
        (error.location ? `<br><sub>${cell(error.location.file)}:${error.location.line}</sub>` : ''),
    ]),
    ...inputs.warnings.map((warning) => [warning.notice ? 'ℹ️' : '⚠️', code(warning.input), cell(warning.message)]),
  ];
  const heading = errors.length > 0 ? '❌ problems' : '⚠️ ignored';
  story.tell('inputs', `## Inputs: ${heading}\n\n${table(['', 'Input', 'What is wrong'], rows)}`);
}
