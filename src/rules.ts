import type { SourceLocation } from './contract/contract.ts';

/**
 * Rules and their findings, shared by validation and the conformance test: each rule has a stable id, a title,
 * and turns what a stage learnt into findings, each a one-line message with what to do next.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  hint?: string;
  /** A WIT declaration or a line of a test file when the finding is about it; otherwise the component file. */
  location?: SourceLocation;
}

export type Found = Omit<Finding, 'rule'>;

export type RuleStatus = 'pass' | 'fail' | 'warning' | 'skipped';

export interface RuleResult {
  id: string;
  title: string;
  status: RuleStatus;
  findings: Finding[];
  /** Why the rule did not run, as a phrase: "needs `decodes` to pass". */
  skippedBecause?: string;
}

export interface Rule<Input> {
  id: string;
  title: string;
  /** Rules that must have passed (or only warned) for this one to mean anything. */
  requires: string[];
  check(input: Input): Found[];
}

export function finding(severity: Severity, message: string, hint?: string, location?: SourceLocation): Found {
  return { severity, message, ...(hint && { hint }), ...(location && { location }) };
}

/** Runs the rules in order; a rule whose requirement failed or was skipped is skipped. */
export function evaluateRules<Input>(rules: readonly Rule<Input>[], input: Input): RuleResult[] {
  const results: RuleResult[] = [];
  const byId = new Map<string, RuleResult>();
  for (const rule of rules) {
    const blocker = rule.requires.find((id) => {
      const status = byId.get(id)?.status;
      return status === 'fail' || status === 'skipped';
    });
    const result: RuleResult = blocker
      ? { id: rule.id, title: rule.title, status: 'skipped', findings: [], skippedBecause: `needs \`${blocker}\` to pass` }
      : resultOf(rule, rule.check(input).map((found) => ({ rule: rule.id, ...found })));
    results.push(result);
    byId.set(rule.id, result);
  }
  return results;
}

function resultOf(rule: { id: string; title: string }, findings: Finding[]): RuleResult {
  const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length > 0 ? 'warning' : 'pass';
  return { id: rule.id, title: rule.title, status, findings };
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
