import path from 'node:path';
import * as core from '@actions/core';
import type { BuildOutcome } from '../builder/builder.ts';
import { withHint } from '../kernel/text.ts';
import { print } from '../printer/printer.ts';
import { annotate } from './annotations.ts';
import { cell, code, table } from './markdown.ts';

/** The build's outputs, annotations (compiler errors on their source lines) and summary section. */
export function reportBuild(outcome: BuildOutcome, workingDirectory: string): string {
  core.setOutput('language', outcome.ok ? outcome.result.language.id : outcome.language.id);
  if (!outcome.ok) {
    const { error, diagnostics } = outcome;
    annotate(diagnostics, () => 'Build error: compiler', { fallbackFile: workingDirectory });
    const output = diagnostics.length === 0 && error.output.trim() ? `\n${tail(error.output)}` : '';
    print.error(`${withHint(error.message, error.hint)}${output}`, { title: 'Primatomic build failed' });
    const hint = error.hint ? `<br>What to do: ${cell(error.hint)}` : '';
    let markdown = `## Build: ❌ failed\n\n${cell(error.message)}${hint}\n\n`;
    if (diagnostics.length > 0) {
      markdown += table(
        ['File', 'Error'],
        diagnostics.map((d) => [
          d.location ? code(`${path.relative(workingDirectory, d.location.file)}:${d.location.line}`) : '',
          cell(d.message),
        ]),
      );
    }
    if (error.output.trim()) {
      const fenced = `\`\`\`\n${tail(error.output)}\n\`\`\``;
      markdown += `<details><summary>End of the output</summary>\n\n${fenced}\n\n</details>\n\n`;
    }
    return markdown;
  }
  const { result } = outcome;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `## Build: ✅ ${cell(result.language.displayName)}\n\n${table(
    ['', ''],
    [
      ['Entry', result.entry ? code(result.entry) : '–'],
      ['Component', code(result.componentPath)],
      [
        'Tools',
        cell(
          Object.entries(result.tools)
            .map(([tool, version]) => `${tool} ${version}`)
            .join(', '),
        ),
      ],
      ['Setting up the tools', seconds(result.setupMs)],
      ...result.steps.map((step) => [cell(step.title), `${seconds(step.ms)}: ${code(step.commandLine)}`]),
    ],
  )}`;
}

function tail(output: string, lines = 30): string {
  return output.trim().split('\n').slice(-lines).join('\n');
}
