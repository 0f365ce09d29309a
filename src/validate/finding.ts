import type { SourceLocation } from '../contract/contract.ts';

export type Severity = 'error' | 'warning';

/** One thing found wrong with the view: a one-line message, what to do next, and where. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  hint?: string;
  /** A WIT declaration when the finding is about the contract; otherwise the component file. */
  location?: SourceLocation;
}

export type RuleStatus = 'pass' | 'fail' | 'warning' | 'skipped';

export interface RuleResult {
  id: string;
  title: string;
  status: RuleStatus;
  findings: Finding[];
  /** Why the rule did not run: an earlier rule it depends on failed. */
  skippedBecause?: string;
}
