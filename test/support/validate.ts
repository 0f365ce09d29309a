import { validateView, type ValidateOptions, type ValidationReport } from '../../src/validate/validate.ts';
import type { RuleStatus } from '../../src/rules.ts';
import { tempDir, writeIn } from './tmp.ts';

/** Writes the bytes to a temp file and validates them against the carried world (or the options' own). */
export async function validateBytes(bytes: Uint8Array | string, options: Partial<ValidateOptions> = {}): Promise<ValidationReport> {
  const componentPath = writeIn(tempDir(), 'view.wasm', bytes);
  return validateView({ componentPath, witPath: undefined, world: 'state-machine', maxSizeBytes: 100_000_000, allowImports: [], ...options });
}

/** Each rule's status by id, e.g. `{ file: 'pass', size: 'pass', component: 'fail', ... }`. */
export function statuses(report: ValidationReport): Record<string, RuleStatus> {
  return Object.fromEntries(report.results.map((result) => [result.id, result.status]));
}

export function messagesOf(report: ValidationReport, rule: string): string[] {
  return report.findings.filter((finding) => finding.rule === rule).map((finding) => finding.message);
}
