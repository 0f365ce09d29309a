import * as core from '@actions/core';
import path from 'node:path';
import { BuildError } from '../build/build-error.ts';
import type { BuildResult } from '../build/build.ts';
import { diagnosticsOf } from '../build/diagnostics.ts';
import { annotate } from './annotations.ts';
import { cell, code, table } from './markdown.ts';
import { withHint } from '../text.ts';

export type BuildOutcome = { ok: true; result: BuildResult } | { ok: false; error: BuildError; language: string | undefined };

/** The build's outputs, annotations (compiler errors on their source lines) and summary section. */
export function reportBuild(outcome: BuildOutcome, workingDirectory: string): string {
  if (!outcome.ok) {
    const { error } = outcome;
    const diagnostics = diagnosticsOf(error.output, workingDirectory).map((found) => ({ rule: 'build', ...found }));
    annotate(diagnostics, 'Build error', new Map([['build', 'compiler']]), { componentPath: workingDirectory });
    core.error(`${withHint(error.message, error.hint)}${diagnostics.length === 0 && error.output.trim() ? `\n${tail(error.output)}` : ''}`, { title: 'Primatomic build failed' });
    if (outcome.language) core.setOutput('language', outcome.language);
    let markdown = `## Build: ❌ failed\n\n${cell(error.message)}${error.hint ? `<br>What to do: ${cell(error.hint)}` : ''}\n\n`;
    if (diagnostics.length > 0) {
      markdown += table(['File', 'Error'], diagnostics.map((d) => [d.location ? code(`${path.relative(workingDirectory, d.location.file)}:${d.location.line}`) : '', cell(d.message)]));
    }
    if (error.output.trim()) markdown += `<details><summary>End of the output</summary>\n\n\`\`\`\n${tail(error.output)}\n\`\`\`\n\n</details>\n\n`;
    return markdown;
  }
  const { result } = outcome;
  core.setOutput('language', result.language.id);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `## Build: ✅ ${cell(result.language.displayName)}\n\n${table(['', ''], [
    ['Entry', result.entry ? code(result.entry) : '–'],
    ['Component', code(result.componentPath)],
    ['Tools', cell(Object.entries(result.tools).map(([tool, version]) => `${tool} ${version}`).join(', '))],
    ['Setting up the tools', seconds(result.setupMs)],
    ...result.steps.map((step) => [cell(step.title), `${seconds(step.ms)}: ${code(step.commandLine)}`]),
  ])}`;
}

function tail(output: string, lines = 30): string {
  return output.trim().split('\n').slice(-lines).join('\n');
}
