import * as core from '@actions/core';
import type { ConformanceReport, ConformanceSettings } from '../conformance/conformance.ts';
import { CONFORMANCE_RULES } from '../conformance/conformance-rules.ts';
import { print } from '../printer/printer.ts';
import { annotateRuleFindings } from './annotations.ts';
import { conformanceSummary, skippedConformanceSummary } from './conformance-summary.ts';

export type ConformanceOutcome = { ran: true; report: ConformanceReport } | { ran: false; reason: string };

/** Turns the conformance outcome into annotations, the `conformance` output and the summary section. */
export function reportConformance(
  outcome: ConformanceOutcome,
  samples: ConformanceSettings,
  componentPath: string,
): string {
  if (!outcome.ran) {
    core.setOutput('conformance', 'skipped');
    print.info(`Conformance test skipped: ${outcome.reason}`);
    return skippedConformanceSummary(outcome.reason);
  }
  const { report } = outcome;
  annotateRuleFindings(report.findings, 'Primatomic conformance', CONFORMANCE_RULES, { fallbackFile: componentPath });
  core.setOutput('conformance', report.errors > 0 ? 'failed' : 'passed');
  for (const result of report.results) print.info(`${result.status.padEnd(8)} ${result.id}: ${result.title}`);
  return conformanceSummary(report, samples);
}
