import path from 'node:path';
import type { BuildOutcome } from '../builder/builder.ts';
import type { Found } from '../kernel/findings.ts';
import { plainText, withHint } from '../kernel/text.ts';
import { print } from '../printer/printer.ts';
import { annotate } from './annotations.ts';
import { cell, code, codeBlock, table } from './markdown.ts';

/** The build's annotations (compiler errors on their source lines) and summary section. */
export function reportBuild(outcome: BuildOutcome, workingDirectory: string): string {
  if (!outcome.ok) {
    const { error, diagnostics } = outcome;
    annotate(diagnostics, titleOf, { fallbackFile: workingDirectory });
    // Without errors on lines, what the compiler said comes first; the tools' own stack frames are left out.
    const said = diagnostics.length === 0 ? compilerMessage(error.output) : '';
    print.error(`${said ? `${said}\n` : ''}${withHint(error.message, error.hint)}`, {
      title: 'Primatomic build failed',
    });
    const hint = error.hint ? `<br>What to do: ${cell(error.hint)}` : '';
    const command = error.command ? `<br>Command: ${code(error.command)}` : '';
    let markdown = `## Build: ❌ failed\n\n${cell(error.message)}${hint}${command}\n\n`;
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
      markdown += `<details><summary>End of the output</summary>\n\n${codeBlock(tail(error.output))}\n\n</details>\n\n`;
    }
    return markdown;
  }
  const { result } = outcome;
  annotate(result.warnings, titleOf, { fallbackFile: workingDirectory });
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
      ...(result.sourceDigest
        ? [
            [
              'Sources (sha256)',
              `${code(result.sourceDigest)}: this build gives other bytes each time, so the default view name ` +
                "carries this instead of the component's sha256",
            ],
          ]
        : []),
      ...result.steps.map((step) => [cell(step.title), `${seconds(step.ms)}: ${code(step.commandLine)}`]),
      ...result.warnings.map((warning) => [
        `⚠️ ${warning.location ? code(`${path.basename(warning.location.file)}:${warning.location.line}`) : ''}`,
        cell(warning.message),
      ]),
    ],
  )}`;
}

/** The project's WIT is checked against Primatomic's before the build; everything else is the compiler's. */
function titleOf(found: Found): string {
  return found.location?.file.endsWith('.wit') ? "Primatomic build: the project's WIT" : 'Build error: compiler';
}

function tail(output: string, lines = 30): string {
  return output.trim().split('\n').slice(-lines).join('\n');
}

/** A stack frame of a tool written in JavaScript (jco, componentize-js): the tool's, not the view's. */
const TOOL_FRAME = /^\s+at .*(node_modules|node:internal|file:\/\/\/.*tool-cache|\(native\))/;

/** The end of a failed command's output without the tools' own stack frames: the compiler's message. */
function compilerMessage(output: string): string {
  const lines = plainText(output)
    .trim()
    .split('\n')
    .filter((line) => !TOOL_FRAME.test(line) && line.trim() !== '');
  return lines.slice(-15).join('\n');
}
