import { print } from '../printer/printer.ts';
import { VALIDATION_RULES } from '../validate/rules/validation-rules.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { annotateRuleFindings } from './annotations.ts';
import { validationSummary } from './validation-summary.ts';

/** Turns a validation report into annotations and the summary section; returns that section. */
export function reportValidation(report: ValidationReport, maxSizeBytes: number): string {
  const { facts } = report;
  annotateRuleFindings(report.findings, 'Primatomic view', VALIDATION_RULES, { fallbackFile: facts.path });
  // What a broken tool said, for whoever reports it (its findings ask them to): the debug log only.
  for (const failure of facts.toolFailures) if (failure.detail) print.debug(`${failure.tool} said:\n${failure.detail}`);
  for (const result of report.results) {
    print.info(`${result.status.padEnd(8)} ${result.id}: ${result.title}`);
  }
  return validationSummary(report, maxSizeBytes);
}
