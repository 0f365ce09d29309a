import * as core from '@actions/core';
import type { CheckedInputs } from '../inputs.ts';
import type { ValidationReport } from '../validate/validate.ts';
import { RULES } from '../validate/rules/index.ts';
import { annotate } from './annotations.ts';
import { validationSummary } from './validation-summary.ts';

/** Turns a validation report into annotations, outputs and the summary section; returns that section. */
export function reportValidation(report: ValidationReport, inputs: CheckedInputs): string {
  const titles = new Map(RULES.map((rule) => [rule.id, rule.title]));
  annotate(report.findings, 'Primatomic view', titles, {
    componentPath: inputs.componentPath,
  });
  const { facts } = report;
  core.setOutput('component-path', facts.path);
  if (facts.stat.kind === 'file') core.setOutput('component-size', String(facts.stat.size));
  if (facts.sha256) core.setOutput('component-sha256', facts.sha256);
  if (facts.wit) core.setOutput('wit', facts.wit);
  for (const result of report.results) {
    core.info(`${result.status.padEnd(8)} ${result.id}: ${result.title}`);
  }
  return validationSummary(report, inputs.maxSizeBytes);
}
