import type { Contract } from '../../contract/contract.ts';
import type { LanguageHints } from '../../languages/index.ts';
import type { Finding, Severity } from '../finding.ts';
import type { ViewFacts } from '../inspect.ts';

export interface RuleInput {
  facts: ViewFacts;
  contract: Contract;
  maxSizeBytes: number;
  allowImports: string[];
  hints: LanguageHints;
}

/** A validation rule: a stable id, what it asserts, and the findings it makes of the facts. */
export interface Rule {
  id: string;
  title: string;
  /** Rules that must have passed (or only warned) for this one to mean anything. */
  requires: string[];
  check(input: RuleInput): Omit<Finding, 'rule'>[];
}

export function finding(severity: Severity, message: string, hint?: string, location?: Finding['location']): Omit<Finding, 'rule'> {
  return { severity, message, ...(hint && { hint }), ...(location && { location }) };
}
