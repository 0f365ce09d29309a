import { type Contract, type ContractSettings, loadContract } from '../contract/contract.ts';
import { countBySeverity, type Finding } from '../kernel/findings.ts';
import { evaluateRules, type RuleResult } from '../kernel/rules.ts';
import { GENERIC_HINTS, type Language } from '../languages/index.ts';
import { inspectView, type ViewFacts } from './inspect.ts';
import type { RuleInput } from './rules/rule.ts';
import { VALIDATION_RULES } from './rules/validation-rules.ts';

/** The validation inputs. */
export interface ValidationSettings {
  maxSizeBytes: number;
  /** Interface names whose imports are warnings, not errors; with or without a version. */
  allowImports: string[];
}

export interface ValidationRequest {
  componentPath: string;
  contract: ContractSettings;
  settings: ValidationSettings;
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
export async function validateView(request: ValidationRequest): Promise<ValidationReport> {
  const { settings } = request;
  const [contract, facts] = await Promise.all([
    loadContract(request.contract),
    inspectView(request.componentPath, settings.maxSizeBytes),
  ]);
  if (request.language) facts.language = request.language;
  const input: RuleInput = {
    facts,
    contract,
    maxSizeBytes: settings.maxSizeBytes,
    allowImports: settings.allowImports,
    hints: facts.language?.hints ?? GENERIC_HINTS,
    toolchainExports: facts.language?.toolchainExports ?? {},
  };
  const results = evaluateRules(VALIDATION_RULES, input);
  const findings = results.flatMap((result) => result.findings);
  return { facts, contract, results, findings, ...countBySeverity(findings) };
}
