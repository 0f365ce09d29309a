import { componentRule, decodeRule } from './binary-rules.ts';
import { fileRule, sizeRule } from './file-rules.ts';
import { exportsRule, importsRule, reactorRule } from './interface-rules.ts';
import type { ValidationRule } from './rule.ts';

/** Every validation rule, in the order they depend on each other. */
export const VALIDATION_RULES: readonly ValidationRule[] = [
  fileRule,
  sizeRule,
  componentRule,
  decodeRule,
  importsRule,
  exportsRule,
  reactorRule,
];
