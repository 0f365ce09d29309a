import type { ConformanceReport, ConformanceSettings } from '../conformance/conformance.ts';
import { CONFORMANCE_RULES } from '../conformance/conformance-rules.ts';
import { print } from '../printer/printer.ts';
import { annotateRuleFindings } from './annotations.ts';
import { conformanceSummary } from './conformance-summary.ts';

/** Turns the conformance report into annotations and the summary section. */
export function reportConformance(
  report: ConformanceReport,
  samples: ConformanceSettings,
  componentPath: string,
): string {
  annotateRuleFindings(report.findings, 'Primatomic conformance', CONFORMANCE_RULES, { fallbackFile: componentPath });
  for (const result of report.results) print.info(`${result.status.padEnd(8)} ${result.id}: ${result.title}`);
  return conformanceSummary(report, samples);
}
