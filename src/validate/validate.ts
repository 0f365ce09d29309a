import { type Contract, loadContract } from '../contract/contract.ts';
import { GENERIC_HINTS } from '../languages/index.ts';
import type { Finding, RuleResult } from './finding.ts';
import { inspectView, type ViewFacts } from './inspect.ts';
import { RULES } from './rules/index.ts';
import type { RuleInput } from './rules/rule.ts';

export interface ValidateOptions {
  componentPath: string;
  witPath: string | undefined;
  world: string;
  maxSizeBytes: number;
  allowImports: string[];
}

export interface ValidationReport {
  facts: ViewFacts;
  contract: Contract;
  results: RuleResult[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

/** Validates a built view against the world; findings come back, nothing is reported from here. */
export async function validateView(options: ValidateOptions): Promise<ValidationReport> {
  const [contract, facts] = await Promise.all([
    loadContract(options.witPath, options.world),
    inspectView(options.componentPath, options.maxSizeBytes),
  ]);
  const input: RuleInput = {
    facts,
    contract,
    maxSizeBytes: options.maxSizeBytes,
    allowImports: options.allowImports,
    hints: facts.language?.hints ?? GENERIC_HINTS,
  };
  const results: RuleResult[] = [];
  const byId = new Map<string, RuleResult>();
  for (const rule of RULES) {
    const blocker = rule.requires.find((id) => {
      const status = byId.get(id)?.status;
      return status === 'fail' || status === 'skipped';
    });
    const result: RuleResult = blocker
      ? { id: rule.id, title: rule.title, status: 'skipped', findings: [], skippedBecause: blocker }
      : evaluate(rule.id, rule.title, rule.check(input).map((found) => ({ rule: rule.id, ...found })));
    results.push(result);
    byId.set(rule.id, result);
  }
  const findings = results.flatMap((result) => result.findings);
  return {
    facts,
    contract,
    results,
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

function evaluate(id: string, title: string, findings: Finding[]): RuleResult {
  const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length > 0 ? 'warning' : 'pass';
  return { id, title, status, findings };
}
