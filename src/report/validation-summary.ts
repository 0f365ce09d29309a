import path from 'node:path';
import { functionsOf } from '../contract/contract.ts';
import { formatSize } from '../size.ts';
import type { RuleStatus } from '../validate/finding.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { renderFunc, type ExternType } from '../wasm/component-types.ts';
import { cell, code, table } from './markdown.ts';

const STATUS: Record<RuleStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warning: '⚠️ warning',
  skipped: '⏭️ skipped',
};

/** The validation section of the job summary: every rule, every finding, and what the component is. */
export function validationSummary(report: ValidationReport, maxSizeBytes: number): string {
  const { facts, results } = report;
  const verdict = report.errors > 0
    ? `❌ ${report.errors} error${report.errors > 1 ? 's' : ''}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`
    : report.warnings > 0 ? `✅ valid, with ${report.warnings} warning${report.warnings > 1 ? 's' : ''}` : '✅ valid';
  let markdown = `## Primatomic view ${code(path.basename(facts.path))}: ${verdict}\n\n`;

  markdown += table(['Rule', 'Result', 'Details'], results.map((result) => [
    `${code(result.id)} ${cell(result.title)}`,
    STATUS[result.status],
    result.status === 'skipped'
      ? `needs ${code(result.skippedBecause ?? '')} to pass`
      : result.findings.map((f) => cell(f.message)).join('<br>'),
  ]));

  if (report.findings.length > 0) {
    markdown += '### Findings\n\n';
    markdown += table(['', 'Rule', 'What is wrong', 'What to do'], report.findings.map((f) => [
      f.severity === 'error' ? '❌' : '⚠️',
      code(f.rule),
      cell(f.message) + (f.location ? `<br><sub>${cell(path.basename(f.location.file))}:${f.location.line}</sub>` : ''),
      cell(f.hint ?? ''),
    ]));
  }

  markdown += '### The component\n\n';
  const details: string[][] = [['Path', code(facts.path)]];
  if (facts.stat.kind === 'file') details.push(['Size', `${cell(formatSize(facts.stat.size))} of ${cell(formatSize(maxSizeBytes))} allowed`]);
  if (facts.sha256) details.push(['SHA-256', code(facts.sha256)]);
  details.push(['Language', cell(facts.language?.displayName ?? 'unknown (no producers section names it)')]);
  facts.producers.forEach((producers, index) => {
    if (producers.length === 0) return;
    const text = producers.map(([field, values]) => `${field}: ${values.map(([name, version]) => (version ? `${name} ${version}` : name)).join(', ')}`).join('; ');
    details.push([index === 0 ? 'Producers' : `Producers (inner part ${index})`, cell(text)]);
  });
  markdown += table(['', ''], details);

  if (facts.structure) {
    markdown += `### Imports (${facts.structure.imports.size})\n\n`;
    markdown += facts.structure.imports.size === 0 ? 'None: the view is self-contained.\n\n' : interfaceTable(facts.structure.imports);
    markdown += `### Exports (${facts.structure.exports.size})\n\n`;
    markdown += facts.structure.exports.size === 0 ? 'None.\n\n' : interfaceTable(facts.structure.exports);
  }
  return markdown;
}

function interfaceTable(items: Map<string, ExternType>): string {
  const rows: string[][] = [];
  for (const [name, item] of items) {
    const functions = functionsOf(item);
    if (functions && functions.size > 0) {
      for (const [functionName, func] of functions) rows.push([code(name), code(`${functionName}: ${renderFunc(func)}`)]);
    } else if (item.sort === 'func' && item.type.kind === 'func') {
      rows.push([code(name), code(renderFunc(item.type))]);
    } else {
      rows.push([code(name), cell(item.sort)]);
    }
  }
  return table(['Name', 'Function'], rows);
}
