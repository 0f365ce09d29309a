import type { RuleStatus } from '../../src/kernel/rules.ts';
import { type ValidationReport, type ValidationSettings, validateView } from '../../src/validate/validate.ts';
import { DEFAULT_VALIDATOR } from '../../src/validate/validator.ts';
import { tempDir, writeIn } from './tmp.ts';

export const DEFAULT_VALIDATION: ValidationSettings = {
  maxSizeBytes: 100_000_000,
  allowImports: [],
  validator: DEFAULT_VALIDATOR,
};

interface ValidationOptions extends Partial<ValidationSettings> {
  /** The project's WIT, where findings about the world are annotated. */
  projectWit?: string;
}

/** Writes the bytes to a temp file and validates them against Primatomic's contract. */
export async function validateBytes(
  bytes: Uint8Array | string,
  options: ValidationOptions = {},
): Promise<ValidationReport> {
  return validateFile(writeIn(tempDir(), 'view.wasm', bytes), options);
}

/** Validates a file against Primatomic's contract, with Primatomic's limits unless given. */
export function validateFile(componentPath: string, options: ValidationOptions = {}): Promise<ValidationReport> {
  const { projectWit, maxSizeBytes, allowImports, validator } = { ...DEFAULT_VALIDATION, ...options };
  return validateView({ componentPath, projectWit, settings: { maxSizeBytes, allowImports, validator } });
}

/** Each rule's status by id, e.g. `{ file: 'pass', size: 'pass', component: 'fail', ... }`. */
export function statuses(report: ValidationReport): Record<string, RuleStatus> {
  return Object.fromEntries(report.results.map((result) => [result.id, result.status]));
}

export function messagesOf(report: ValidationReport, rule: string): string[] {
  return report.findings.filter((finding) => finding.rule === rule).map((finding) => finding.message);
}
