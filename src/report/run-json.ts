/**
 * The run as one JSON document for machines (the CLI's --json): the same facts as the summary, in a versioned
 * schema. A field may be added in a later version of the schema; one is never renamed or given another meaning
 * without a new version.
 */
import type { Finding, Found } from '../kernel/findings.ts';
import type { RuleResult } from '../kernel/rules.ts';
import { ACTION_VERSION } from '../kernel/version.ts';
import { relativeToWorkspace } from './annotations.ts';
import { outputsOf } from './outputs.ts';
import { type RunRecord, STAGES } from './run-record.ts';

export const RUN_SCHEMA = 'primatomic-view/run@1';

const finding = (found: Found | Finding) => ({
  severity: found.severity,
  ...('rule' in found && { rule: found.rule }),
  message: found.message,
  ...(found.hint && { hint: found.hint }),
  ...(found.location && { file: relativeToWorkspace(found.location.file), line: found.location.line }),
});

const rules = (results: RuleResult[]) =>
  results.map((result) => ({
    id: result.id,
    title: result.title,
    status: result.status,
    ...(result.skippedBecause && { skippedBecause: result.skippedBecause }),
    findings: result.findings.map(finding),
  }));

export function runJson(record: RunRecord, command: string): object {
  const { built, validation, conformance, deploy } = record;
  const status = Object.fromEntries(STAGES.map((stage) => [stage, record.statusOf(stage)]));
  return {
    schema: RUN_SCHEMA,
    tool: { name: 'primatomic-view', version: ACTION_VERSION },
    command,
    ok: !record.failed,
    exitCode: record.exitCode,
    failures: record.failures,
    outputs: outputsOf(record),
    inputs: {
      status: status.inputs,
      errors: record.inputErrors.map((error) => ({
        input: error.input,
        message: error.message,
        ...(error.location && { file: relativeToWorkspace(error.location.file), line: error.location.line }),
      })),
      warnings: record.inputWarnings,
    },
    build: {
      status: status.build,
      ...(record.notRun.has('build') && { reason: record.notRun.get('build') }),
      ...(built?.ok && {
        language: built.result.language.id,
        component: built.result.componentPath,
        tools: built.result.tools,
        steps: built.result.steps,
        findings: built.result.warnings.map(finding),
      }),
      ...(built &&
        !built.ok && {
          language: built.language.id,
          error: { message: built.error.message, hint: built.error.hint, command: built.error.command },
          findings: built.diagnostics.map(finding),
        }),
    },
    validation: {
      status: status.validation,
      ...(record.notRun.has('validation') && { reason: record.notRun.get('validation') }),
      ...(validation && {
        component: {
          path: validation.facts.path,
          size: validation.facts.stat.kind === 'file' ? validation.facts.stat.size : undefined,
          sha256: validation.facts.sha256,
          language: validation.facts.language?.id,
          imports: [...(validation.facts.structure?.imports.keys() ?? [])],
          exports: [...(validation.facts.structure?.exports.keys() ?? [])],
        },
        validator: validation.validator,
        errors: validation.errors,
        warnings: validation.warnings,
        rules: rules(validation.results),
      }),
    },
    conformance: {
      status: status.conformance,
      ...(record.notRun.has('conformance') && { reason: record.notRun.get('conformance') }),
      ...(conformance && {
        errors: conformance.errors,
        warnings: conformance.warnings,
        rules: rules(conformance.results),
        ...(conformance.stats && {
          stats: {
            events: conformance.stats.events,
            appendMeanMs: conformance.stats.appendMeanMs,
            snapshotBytes: conformance.stats.snapshotBytes,
            memoryBytes: conformance.stats.memoryBytes,
            loadMs: conformance.stats.loadMs,
            runMs: conformance.stats.runMs,
          },
          queries: conformance.stats.queries.map((query) => ({
            line: query.line,
            input: Buffer.from(query.input).toString('base64'),
            ...(query.expect && { expect: Buffer.from(query.expect).toString('base64') }),
            ...(query.answer && { answer: Buffer.from(query.answer).toString('base64') }),
          })),
        }),
      }),
    },
    deploy: {
      status: status.deploy,
      ...(deploy && !deploy.ran && { reason: deploy.reason }),
      ...(deploy?.ran && {
        outcome: deploy.result.outcome,
        viewName: deploy.result.viewName,
        viewUrl: deploy.result.viewUrl,
        viewId: deploy.result.viewId,
        message: deploy.result.message,
        ...(deploy.result.hint && { hint: deploy.result.hint }),
        ...(deploy.verify && { verify: { ok: deploy.verify.ok, message: deploy.verify.message } }),
      }),
    },
  };
}
