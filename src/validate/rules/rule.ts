import type { Contract } from '../../contract/contract.ts';
import type { Rule } from '../../kernel/rules.ts';
import type { LanguageHints } from '../../languages/index.ts';
import type { ViewFacts } from '../inspect.ts';

export { finding } from '../../kernel/findings.ts';

export interface RuleInput {
  facts: ViewFacts;
  contract: Contract;
  maxSizeBytes: number;
  allowImports: string[];
  hints: LanguageHints;
  /** Exports the view's toolchain always adds, with what they are: reported without a warning. */
  toolchainExports: Record<string, string>;
}

/** A validation rule: a function of the facts learnt about the file. */
export type ValidationRule = Rule<RuleInput>;
