import path from 'node:path';
import { functionsOf } from '../contract/contract.ts';
import { formatSize } from '../kernel/size.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { type ExternType, renderFunc } from '../wasm/component-types.ts';
import { cell, code, table } from './markdown.ts';
import { ruleTables, verdict as verdictOf } from './rule-tables.ts';

/** The validation section of the job summary: every rule, every finding, and what the component is. */
export function validationSummary(report: ValidationReport, maxSizeBytes: number): string {
  const { facts, results } = report;
  const verdict = verdictOf(report.errors, report.warnings, 'valid');
  let markdown = `## Primatomic view ${code(path.basename(facts.path))}: ${verdict}\n\n`;

  markdown += ruleTables(results);

  markdown += '### The component\n\n';
  const details: string[][] = [['Path', code(facts.path)]];
  if (facts.stat.kind === 'file')
    details.push(['Size', `${cell(formatSize(facts.stat.size))} of ${cell(formatSize(maxSizeBytes))} allowed`]);
  if (facts.sha256) details.push(['SHA-256', code(facts.sha256)]);
  else if (facts.stat.kind === 'file') details.push(['SHA-256', cell('not computed: the file is over max-size')]);
  if (report.validator)
    details.push(['Validated by', cell(report.validator === 'none' ? 'the reader only' : report.validator)]);
  details.push(['Language', cell(facts.language?.displayName ?? 'unknown (no producers section names it)')]);
  facts.producers.forEach((producers, index) => {
    if (producers.length === 0) return;
    const text = producers
      .map(
        ([field, values]) =>
          `${field}: ${values.map(([name, version]) => (version ? `${name} ${version}` : name)).join(', ')}`,
      )
      .join('; ');
    details.push([index === 0 ? 'Producers' : `Producers (inner part ${index})`, cell(text)]);
  });
  markdown += table(['', ''], details);

  if (facts.structure) {
    markdown += `### Imports (${facts.structure.imports.size})\n\n`;
    markdown +=
      facts.structure.imports.size === 0
        ? 'None: the view is self-contained.\n\n'
        : interfaceTable(facts.structure.imports);
    markdown += `### Exports (${facts.structure.exports.size})\n\n`;
    markdown += facts.structure.exports.size === 0 ? 'None.\n\n' : interfaceTable(facts.structure.exports);
  }
  return markdown;
}

/** Rows listed per table: GitHub's summary holds 1 MiB, and a component can have millions of imports. */
const LISTED_ROWS = 200;

function interfaceTable(items: Map<string, ExternType>): string {
  const rows: string[][] = [];
  for (const [name, item] of items) {
    const functions = functionsOf(item);
    if (functions && functions.size > 0) {
      for (const [functionName, func] of functions)
        rows.push([code(name), code(`${functionName}: ${renderFunc(func)}`)]);
    } else if (item.sort === 'func' && item.type.kind === 'func') {
      rows.push([code(name), code(renderFunc(item.type))]);
    } else {
      rows.push([code(name), cell(item.sort)]);
    }
    if (rows.length > LISTED_ROWS) break;
  }
  if (rows.length <= LISTED_ROWS) return table(['Name', 'Function'], rows);
  return `${table(['Name', 'Function'], rows.slice(0, LISTED_ROWS))}Only the first ${LISTED_ROWS} are listed.\n\n`;
}
