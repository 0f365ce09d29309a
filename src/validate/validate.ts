import { type Contract, primatomicContract } from '../contract/contract.ts';
import { countBySeverity, type Finding } from '../kernel/findings.ts';
import { type Log, SILENT } from '../kernel/log.ts';
import { evaluateRules, type RuleResult } from '../kernel/rules.ts';
import { GENERIC_HINTS, type Language } from '../languages/index.ts';
import { inspectView, type ViewFacts } from './inspect.ts';
import type { RuleInput } from './rules/rule.ts';
import { VALIDATION_RULES } from './rules/validation-rules.ts';
import { findValidator, type Validator, type ValidatorSettings } from './validator.ts';

/** The validation inputs. */
export interface ValidationSettings {
  maxSizeBytes: number;
  /** Interface names whose imports are warnings, not errors; with or without a version. */
  allowImports: string[];
  /** The wasm-tools whose validator decides validity. */
  validator: ValidatorSettings;
}

export interface ValidationRequest {
  componentPath: string;
  /** The project's WIT, when it has one: findings about the world are annotated on its declarations. */
  projectWit?: string | undefined;
  settings: ValidationSettings;
  /** The language, when the build knows it (it wins over the producers section's). */
  language?: Language | undefined;
  /** Where installing the validator tells its progress. */
  log?: Log;
}

export interface ValidationReport {
  facts: ViewFacts;
  contract: Contract;
  /** The validator that decided validity, for the summary (`none` when it could not be installed; undefined when
   * the file is not a component). */
  validator: string | undefined;
  results: RuleResult[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

/**
 * Validates a view against Primatomic's contract (whatever the project's WIT says: Primatomic's verdict is the one
 * that counts); findings come back, nothing is reported from here.
 */
export async function validateView(request: ValidationRequest): Promise<ValidationReport> {
  const { settings } = request;
  // The validator is installed only for a file that is a component; the contract is read beside it (its stand-in
  // decodes in ~2 ms, before the validator's process starts: starting that process first measured no faster).
  let validator: Validator | undefined;
  const inspecting = inspectView(request.componentPath, settings.maxSizeBytes, async () => {
    validator ??= await findValidator(settings.validator, request.log ?? SILENT);
    return validator;
  });
  const [contract, facts] = await Promise.all([primatomicContract(request.projectWit), inspecting]);
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
  return {
    facts,
    contract,
    validator: (validator as Validator | undefined)?.name,
    results,
    findings,
    ...countBySeverity(findings),
  };
}
