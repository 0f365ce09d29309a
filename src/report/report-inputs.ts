import type { InputWarning } from '../inputs/inputs.ts';
import { settingLabel } from '../inputs/settings.ts';
import type { InputError } from '../kernel/errors.ts';
import { print } from '../printer/printer.ts';
import { cell, code, table } from './markdown.ts';

/** Every ignored or noticed input as an annotation, and the summary section of the input errors and warnings. */
export function reportInputs(errors: InputError[], warnings: InputWarning[]): string | undefined {
  for (const warning of warnings) {
    const say = warning.notice ? print.notice : print.warning;
    say(`${settingLabel(warning.input)} ${warning.message}`, { title: `Primatomic input ${warning.input}` });
  }
  if (errors.length === 0 && warnings.length === 0) return undefined;
  const rows = [
    ...errors.map((error) => [
      '❌',
      code(error.input),
      cell(error.message) +
        (error.location ? `<br><sub>${cell(error.location.file)}:${error.location.line}</sub>` : ''),
    ]),
    ...warnings.map((warning) => [warning.notice ? 'ℹ️' : '⚠️', code(warning.input), cell(warning.message)]),
  ];
  const heading = errors.length > 0 ? '❌ problems' : '⚠️ ignored';
  return `## Inputs: ${heading}\n\n${table(['', 'Input', 'What is wrong'], rows)}`;
}
