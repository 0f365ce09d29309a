import path from 'node:path';
import type { ConformanceReport, ConformanceSettings } from '../conformance/conformance.ts';
import { showBytes } from '../kernel/bytes.ts';
import { formatSize } from '../kernel/size.ts';
import { cell, code, table } from './markdown.ts';
import { ruleTables, verdict } from './rule-tables.ts';

/** A figure the run could not measure: no events, or the view trapped first. */
const NOT_MEASURED = '–';
const NO_EVENTS = ' (no `test-events` given)';

/** The conformance section: every rule, what the run measured, and each sample query with its answer. */
export function conformanceSummary(report: ConformanceReport, samples: ConformanceSettings): string {
  let markdown = `## Conformance test: ${verdict(report.errors, report.warnings, 'passed')}\n\n`;
  markdown += ruleTables(report.results);
  const stats = report.stats;
  if (!stats) return markdown;

  const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
  markdown += '### The run\n\n';
  markdown += table(
    ['', ''],
    [
      [
        'Events',
        `${stats.events}${samples.eventsFile ? ` from ${code(path.basename(samples.eventsFile))}` : NO_EVENTS}`,
      ],
      [
        'Time per append',
        stats.appendMeanMs !== undefined && stats.appendP95Ms !== undefined
          ? `mean ${ms(stats.appendMeanMs)}, p95 ${ms(stats.appendP95Ms)}`
          : NOT_MEASURED,
      ],
      ['Snapshot size', stats.snapshotBytes !== undefined ? cell(formatSize(stats.snapshotBytes)) : NOT_MEASURED],
      [
        'Linear memory at the end',
        stats.memoryBytes !== undefined ? cell(formatSize(stats.memoryBytes)) : NOT_MEASURED,
      ],
      ['Loading the view (jco transpile, compile)', ms(stats.loadMs)],
      ['All scenarios', ms(stats.runMs)],
      ...(stats.imports.length > 0 ? [['Imports (each traps when called)', stats.imports.map(code).join(', ')]] : []),
    ],
  );

  if (stats.queries.length > 0) {
    markdown += `### Queries from ${code(path.basename(samples.queriesFile ?? ''))}\n\n`;
    markdown += table(
      ['Line', 'Input', 'Answer', 'Expected'],
      stats.queries.map((query) => [
        String(query.line),
        code(showBytes(query.input)),
        query.answer ? code(showBytes(query.answer)) : '–',
        query.expect ? code(showBytes(query.expect)) : '',
      ]),
    );
  }
  return markdown;
}
