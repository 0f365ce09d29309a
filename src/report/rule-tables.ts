import path from 'node:path';
import type { RuleResult, RuleStatus } from '../kernel/rules.ts';
import { plural } from '../kernel/text.ts';
import { cell, code, table } from './markdown.ts';

const STATUS: Record<RuleStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warning: '⚠️ warning',
  skipped: '⏭️ skipped',
};

/** Every rule with its result, and under it every finding with what to do. */
export function ruleTables(results: RuleResult[]): string {
  let markdown = table(
    ['Rule', 'Result', 'Details'],
    results.map((result) => [
      `${code(result.id)} ${cell(result.title)}`,
      STATUS[result.status],
      result.status === 'skipped'
        ? cell(result.skippedBecause ?? '')
        : result.findings.map((f) => cell(f.message)).join('<br>'),
    ]),
  );
  const findings = results.flatMap((result) => result.findings);
  if (findings.length > 0) {
    markdown += '### Findings\n\n';
    markdown += table(
      ['', 'Rule', 'What is wrong', 'What to do'],
      findings.map((f) => [
        f.severity === 'error' ? '❌' : '⚠️',
        code(f.rule),
        cell(f.message) +
          (f.location ? `<br><sub>${cell(path.basename(f.location.file))}:${f.location.line}</sub>` : ''),
        cell(f.hint ?? ''),
      ]),
    );
  }
  return markdown;
}

/** `❌ 2 errors, 1 warning`, `✅ valid, with 1 warning`, `✅ valid` (the passing word is the caller's). */
export function verdict(errors: number, warnings: number, passed: string): string {
  if (errors > 0) return `❌ ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return warnings > 0 ? `✅ ${passed}, with ${plural(warnings, 'warning')}` : `✅ ${passed}`;
}
