/**
 * View names. Primatomic views cannot be replaced and names are unique per log, so the default name carries the
 * component's sha256: every new component deploys under a new name, and a re-run of the same component finds its
 * name taken by itself. Where a build gives other bytes each time (JavaScript, TypeScript, Python), the default
 * carries the sha256 of its sources instead, which the same sources always give. A pattern may also use the
 * project's name, the git ref and the run number; a name without placeholders is fixed, and deploys once.
 */

import { createHash } from 'node:crypto';

/** Primatomic documents no rule for view names; every example fits this, so primatomic-view holds names to it. */
export const VIEW_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const DEFAULT_VIEW_NAME = '{project}-{sha}';
/** The default for a build whose bytes differ from build to build. */
export const DEFAULT_SOURCE_VIEW_NAME = '{project}-{source}';
const MAX_LENGTH = 63;
/** Hex digits of the sha256 in a name: 48 bits, no collision between a log's views in practice. */
export const SHA_DIGITS = 12;

export const PLACEHOLDERS = {
  project: "the project's name (crate, npm package, Go module, Python project)",
  sha: `the first ${SHA_DIGITS} hex digits of the component's sha256`,
  source:
    `the first ${SHA_DIGITS} hex digits of the sha256 of what primatomic-view built the view from (sources, WIT, ` +
    'tool ' +
    "versions); the component's sha256 when the view was not built by primatomic-view",
  ref: 'the git tag or branch the workflow runs for (GITHUB_REF_NAME)',
  run: 'the run number (GITHUB_RUN_NUMBER)',
} as const;
type Placeholder = keyof typeof PLACEHOLDERS;

/** A view-name pattern with what is known before the build; the digests come with the component. */
export interface ViewName {
  pattern: string;
  values: Partial<Record<Exclude<Placeholder, 'sha' | 'source'>, string>>;
  /** view-name was empty: the default, which depends on whether the build is reproducible. */
  isDefault: boolean;
}

/** The digests a name can carry: the component's sha256, and the sources' when the build is not reproducible. */
export interface Digests {
  sha256: string;
  source?: string | undefined;
}

/** The pattern in use: the default follows the build (its sources' digest when its bytes change every time). */
export function patternFor(viewName: ViewName, digests: Digests): string {
  return viewName.isDefault && digests.source ? DEFAULT_SOURCE_VIEW_NAME : viewName.pattern;
}

/** The placeholders a pattern uses, or the reason it is not a pattern. */
export function placeholdersOf(pattern: string): { used: Placeholder[] } | { problem: string } {
  const used: Placeholder[] = [];
  for (const match of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!(match[1]! in PLACEHOLDERS)) {
      return {
        problem: `{${match[1]}} is not a placeholder (use ${Object.keys(PLACEHOLDERS)
          .map((p) => `{${p}}`)
          .join(', ')})`,
      };
    }
    used.push(match[1] as Placeholder);
  }
  const literal = pattern.replace(/\{[^}]*\}/g, '');
  if (/[^a-z0-9_-]/.test(literal))
    return { problem: 'outside placeholders, use only lower-case letters, digits, "-" and "_"' };
  return { used };
}

/**
 * Whether the name changes with the component (or its sources), so that a taken name means this very component (or
 * one built from these very sources) is deployed.
 */
export function isContentAddressed(viewName: ViewName, digests: Digests): boolean {
  return /\{(sha|source)\}/.test(patternFor(viewName, digests));
}

/** The name for a component: placeholders filled (as name characters), the project's part cut to fit 63. */
export function resolveViewName(viewName: ViewName, digests: Digests): string {
  const values: Record<Placeholder, string> = {
    project: asNamePart(viewName.values.project ?? ''),
    ref: viewName.values.ref ? refNamePart(viewName.values.ref) : '',
    run: asNamePart(viewName.values.run ?? ''),
    sha: digests.sha256.slice(0, SHA_DIGITS),
    source: (digests.source ?? digests.sha256).slice(0, SHA_DIGITS),
  };
  const pattern = patternFor(viewName, digests);
  const fill = (project: string) =>
    pattern.replace(/\{(\w+)\}/g, (_, name: Placeholder) => (name === 'project' ? project : values[name]));
  const overflow = fill(values.project).length - MAX_LENGTH;
  const project =
    overflow > 0 ? values.project.slice(0, Math.max(0, values.project.length - overflow)) : values.project;
  return fill(project.replace(/-+$/, ''));
}

/** The most of a name a ref takes: a long branch name must leave room for the project and the digest. */
const REF_LENGTH = 24;

/**
 * A git ref as part of a view name: as it is when it fits, else cut with 6 hex digits of its sha256 after it (two
 * long branches that start alike stay apart); a ref with nothing a name can carry (all non-ASCII) is `ref-` and those
 * digits.
 */
export function refNamePart(ref: string): string {
  const part = asNamePart(ref);
  const digits = createHash('sha256').update(ref).digest('hex').slice(0, 6);
  if (!part) return `ref-${digits}`;
  if (part.length <= REF_LENGTH) return part;
  return `${part.slice(0, REF_LENGTH - 7).replace(/[-_]+$/, '')}-${digits}`;
}

/** Text as part of a view name: lower-cased, other characters turned into `-`, no `-` or `_` at the ends. */
export function asNamePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}
