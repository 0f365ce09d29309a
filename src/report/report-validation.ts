import * as core from '@actions/core';
import { print } from '../printer/printer.ts';
import { VALIDATION_RULES } from '../validate/rules/validation-rules.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { annotateRuleFindings } from './annotations.ts';
import { validationSummary } from './validation-summary.ts';

/** Turns a validation report into annotations, outputs and the summary section; returns that section. */
export function reportValidation(report: ValidationReport, maxSizeBytes: number): string {
  const { facts } = report;
  annotateRuleFindings(report.findings, 'Primatomic view', VALIDATION_RULES, { fallbackFile: facts.path });
  core.setOutput('component-path', facts.path);
  if (facts.stat.kind === 'file') core.setOutput('component-size', String(facts.stat.size));
  if (facts.sha256) core.setOutput('component-sha256', facts.sha256);
  if (facts.wit) core.setOutput('wit', facts.wit);
  // What a broken tool said, for whoever reports it (its findings ask them to): the debug log only.
  for (const failure of facts.toolFailures) if (failure.detail) print.debug(`${failure.tool} said:\n${failure.detail}`);
  for (const result of report.results) {
    print.info(`${result.status.padEnd(8)} ${result.id}: ${result.title}`);
  }
  return validationSummary(report, maxSizeBytes);
}
