import { type Contract, loadContract } from '../contract/contract.ts';
import { GENERIC_HINTS, type Language } from '../languages/index.ts';
import { countBySeverity, evaluateRules, type Finding, type RuleResult } from '../rules.ts';
import { inspectView, type ViewFacts } from './inspect.ts';
import { RULES } from './rules/index.ts';
import type { RuleInput } from './rules/rule.ts';

export interface ValidateOptions {
  componentPath: string;
  witPath: string | undefined;
  world: string;
  maxSizeBytes: number;
  allowImports: string[];
  /** The language, when the build knows it (it wins over the producers section's). */
  language?: Language | undefined;
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
  if (options.language) facts.language = options.language;
  const input: RuleInput = {
    facts,
    contract,
    maxSizeBytes: options.maxSizeBytes,
    allowImports: options.allowImports,
    hints: facts.language?.hints ?? GENERIC_HINTS,
    toolchainExports: facts.language?.toolchainExports ?? {},
  };
  const results = evaluateRules(RULES, input);
  const findings = results.flatMap((result) => result.findings);
  return {
    facts,
    contract,
    results,
    findings,
    ...countBySeverity(findings),
  };
}
