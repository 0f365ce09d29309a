/**
 * What a check found: a one-line message with what to do next, and where, when it is about a place in a file.
 * Validation and conformance rules produce them, and so do the languages' readers of compiler output.
 */
export type Severity = 'error' | 'warning';

export interface SourceLocation {
  file: string;
  line: number;
}

/** A finding as a check returns it, before it is tied to the rule that found it. */
export interface Found {
  severity: Severity;
  message: string;
  hint?: string;
  /** A WIT declaration, a source line or a line of a test file when it is about one; otherwise the component. */
  location?: SourceLocation;
}

/** A finding of a rule. */
export interface Finding extends Found {
  rule: string;
}

export function finding(severity: Severity, message: string, hint?: string, location?: SourceLocation): Found {
  return { severity, message, ...(hint && { hint }), ...(location && { location }) };
}

export function countBySeverity(findings: Found[]): { errors: number; warnings: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}
