import path from 'node:path';
import type { Finding, Found } from '../kernel/findings.ts';
import { ruleTitles } from '../kernel/rules.ts';
import { withHint } from '../kernel/text.ts';
import { type AnnotationProperties, print } from '../printer/printer.ts';

/** Where annotations point: paths relative to the repository root (GITHUB_WORKSPACE), as GitHub expects. */
export interface AnnotationPlace {
  /** Where a finding without a location of its own is annotated. */
  fallbackFile: string;
  workspace?: string;
}

/** One annotation per finding, with its title, on its location or else on the fallback file. */
export function annotate(findings: readonly Found[], titleOf: (found: Found) => string, place: AnnotationPlace): void {
  const workspace = place.workspace ?? defaultWorkspace();
  for (const found of findings) {
    const properties: AnnotationProperties = {
      title: titleOf(found),
      ...('rule' in found && { rule: (found as Finding).rule }),
      file: relativeToWorkspace(found.location?.file ?? place.fallbackFile, workspace),
      ...(found.location && { startLine: found.location.line }),
    };
    const message = withHint(found.message, found.hint);
    if (found.severity === 'error') print.error(message, properties);
    else print.warning(message, properties);
  }
}

/** The findings of a stage's rules, each titled `<stage>: <rule title>`. */
export function annotateRuleFindings(
  findings: readonly Finding[],
  stage: string,
  rules: readonly { id: string; title: string }[],
  place: AnnotationPlace,
): void {
  const titles = ruleTitles(rules);
  annotate(findings, (found) => `${stage}: ${titles.get((found as Finding).rule) ?? (found as Finding).rule}`, place);
}

function defaultWorkspace(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd();
}

/** The file as an annotation names it: relative to the workspace, or absolute when it is outside it. */
export function relativeToWorkspace(file: string, workspace = defaultWorkspace()): string {
  const relative = path.relative(workspace, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
