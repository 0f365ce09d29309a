import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Primatomic documents no rule for view names; every example fits this, so the action holds names to it. */
export const VIEW_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * The project's name as a view name: the crate (Cargo.toml), the npm package (package.json), the Go module's last
 * path element (go.mod) or the Python project (pyproject.toml), lower-cased, other characters turned into `-`.
 */
export function viewNameFromProject(workingDirectory: string): { name: string; from: string } | undefined {
  const sources: Array<[file: string, find: (text: string) => string | undefined]> = [
    ['Cargo.toml', (text) => /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(text)?.[1]],
    ['package.json', (text) => {
      const name = (JSON.parse(text) as { name?: unknown }).name;
      return typeof name === 'string' ? name.replace(/^@[^/]+\//, '') : undefined;
    }],
    ['go.mod', (text) => /^module\s+(\S+)/m.exec(text)?.[1]?.split('/').pop()],
    ['pyproject.toml', (text) => /^\[project\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(text)?.[1]],
  ];
  for (const [file, find] of sources) {
    const full = path.join(workingDirectory, file);
    if (!existsSync(full)) continue;
    let found: string | undefined;
    try {
      found = find(readFileSync(full, 'utf8'));
    } catch {
      found = undefined;
    }
    if (!found) continue;
    const name = found.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 63);
    if (name) return { name, from: file };
  }
  return undefined;
}
