import * as core from '@actions/core';
import path from 'node:path';
import type { Finding } from '../rules.ts';
import { withHint } from '../text.ts';

/** Where annotations point: paths relative to the repository root (GITHUB_WORKSPACE), as GitHub expects. */
export interface AnnotationPlace {
  /** Where a finding without a location of its own is annotated. */
  componentPath: string;
  workspace?: string;
}

/** One annotation per finding, titled `<stage>: <rule title>`, on its location or else on the component. */
export function annotate(findings: Finding[], stage: string, titles: Map<string, string>, place: AnnotationPlace): void {
  for (const found of findings) {
    const file = found.location?.file ?? place.componentPath;
    const properties: core.AnnotationProperties = {
      title: `${stage}: ${titles.get(found.rule) ?? found.rule}`,
      file: relativeToWorkspace(file, place.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd())),
      ...(found.location && { startLine: found.location.line }),
    };
    const message = withHint(found.message, found.hint);
    if (found.severity === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

function relativeToWorkspace(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
