import type { Finding, Found } from './findings.ts';

/**
 * A rule is one named check of a stage (validation, conformance): a stable id, a title, the rules it builds on,
 * and a function from what the stage learnt to findings. This is the only meaning of "rule" in the action.
 */
export interface Rule<Input> {
  id: string;
  title: string;
  /** Rules that must have passed (or only warned) for this one to mean anything. */
  requires: string[];
  /** What else the rule needs, beyond other rules: undefined when it is there, else why not, as a phrase. */
  unavailable?(input: Input): string | undefined;
  /**
   * Rules whose failure most likely explains this one's: when one of them failed, this rule's findings say so
   * instead of giving a hint of their own (a view that is not deterministic fails the restore rules as well).
   */
  followsFrom?: string[];
  check(input: Input): Found[];
}

export type RuleStatus = 'pass' | 'fail' | 'warning' | 'skipped';

export interface RuleResult {
  id: string;
  title: string;
  status: RuleStatus;
  findings: Finding[];
  /** Why the rule did not run, as a phrase: "needs `decodes` to pass". */
  skippedBecause?: string;
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
    const missing = blocker ? `needs \`${blocker}\` to pass` : rule.unavailable?.(input);
    const cause = rule.followsFrom?.find((id) => byId.get(id)?.status === 'fail');
    const result: RuleResult = missing
      ? { id: rule.id, title: rule.title, status: 'skipped', findings: [], skippedBecause: missing }
      : resultOf(
          rule,
          rule.check(input).map((found) => ({
            rule: rule.id,
            ...found,
            ...(cause && { hint: `Probably the same cause as the \`${cause}\` failure: fix that first.` }),
          })),
        );
    results.push(result);
    byId.set(rule.id, result);
  }
  return results;
}

function resultOf(rule: { id: string; title: string }, findings: Finding[]): RuleResult {
  const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length > 0 ? 'warning' : 'pass';
  return { id: rule.id, title: rule.title, status, findings };
}

/** The title of each rule by id, for annotations. */
export function ruleTitles(rules: readonly { id: string; title: string }[]): Map<string, string> {
  return new Map(rules.map((rule) => [rule.id, rule.title]));
}
