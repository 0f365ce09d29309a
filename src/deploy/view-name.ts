/** Primatomic documents no rule for view names; every example fits this, so the action holds names to it. */
export const VIEW_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A project's name as a view name: lower-cased, other characters turned into `-`, at most 63 characters. */
export function asViewName(projectName: string): string | undefined {
  const name = projectName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 63);
  return name || undefined;
}
