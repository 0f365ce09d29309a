/**
 * The run as JUnit XML (the CLI's --junit), which GitLab, Jenkins, Buildkite, Azure Pipelines and CircleCI all show:
 * one test suite per stage that has rules (validation, conformance), a test case per rule (a failure with every
 * finding, skipped with why), and the build and the deploy as test cases of their own when they ran.
 */
import type { Finding, Found } from '../kernel/findings.ts';
import type { RuleResult } from '../kernel/rules.ts';
import { relativeToWorkspace } from './annotations.ts';
import type { RunRecord } from './run-record.ts';

interface Case {
  name: string;
  classname: string;
  failure?: string;
  skipped?: string;
}

/** Text as XML 1.0 can carry it: without the control characters it forbids, and with its markup escaped. */
const xmlText = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; they are dropped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

const describe = (found: Found | Finding) =>
  `${found.location ? `${relativeToWorkspace(found.location.file)}:${found.location.line}: ` : ''}` +
  `${found.severity}: ${found.message}` +
  (found.hint ? `\n  = help: ${found.hint}` : '');

function ruleCases(stage: string, results: RuleResult[]): Case[] {
  return results.map((result) => ({
    name: `${result.id}: ${result.title}`,
    classname: `primatomic.${stage}`,
    ...(result.status === 'fail' && { failure: result.findings.map(describe).join('\n') }),
    ...(result.status === 'skipped' && { skipped: result.skippedBecause ?? 'skipped' }),
  }));
}

export function runJunit(record: RunRecord): string {
  const suites: Array<{ name: string; cases: Case[] }> = [];
  if (record.built) {
    const built = record.built;
    const failure = built.ok ? undefined : [built.error.message, ...built.diagnostics.map(describe)].join('\n');
    suites.push({
      name: 'build',
      cases: [{ name: 'build', classname: 'primatomic.build', ...(failure && { failure }) }],
    });
  }
  if (record.validation) suites.push({ name: 'validation', cases: ruleCases('validation', record.validation.results) });
  else if (record.notRun.has('validation')) {
    suites.push({
      name: 'validation',
      cases: [{ name: 'validation', classname: 'primatomic.validation', skipped: record.notRun.get('validation')! }],
    });
  }
  if (record.conformance)
    suites.push({ name: 'conformance', cases: ruleCases('conformance', record.conformance.results) });
  if (record.deploy?.ran) {
    const { result, verify } = record.deploy;
    const failed = result.outcome === 'failed' ? result.message : verify && !verify.ok ? verify.message : undefined;
    suites.push({
      name: 'deploy',
      cases: [{ name: 'deploy', classname: 'primatomic.deploy', ...(failed && { failure: failed }) }],
    });
  }
  const count = (cases: Case[], kind: 'failure' | 'skipped') => cases.filter((c) => c[kind] !== undefined).length;
  /** tests="…" failures="…" skipped="…" of a list of cases. */
  const tally = (cases: Case[]) =>
    `tests="${cases.length}" failures="${count(cases, 'failure')}" skipped="${count(cases, 'skipped')}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="primatomic-view" ${tally(suites.flatMap((suite) => suite.cases))}>`,
  ];
  for (const suite of suites) {
    lines.push(`  <testsuite name="${suite.name}" ${tally(suite.cases)}>`);
    for (const testCase of suite.cases) {
      const open = `    <testcase classname="${xmlText(testCase.classname)}" name="${xmlText(testCase.name)}"`;
      if (testCase.failure !== undefined) {
        const first = testCase.failure.split('\n')[0] ?? '';
        lines.push(
          `${open}>`,
          `      <failure message="${xmlText(first)}">${xmlText(testCase.failure)}</failure>`,
          '    </testcase>',
        );
      } else if (testCase.skipped !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${xmlText(testCase.skipped)}"/>`, '    </testcase>');
      } else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
