import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A file of the project as text, or undefined when it is missing or unreadable. */
export function readProjectFile(workingDirectory: string, file: string): string | undefined {
  const full = path.join(workingDirectory, file);
  if (!existsSync(full)) return undefined;
  try {
    return readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** A JSON file of the project as an object, or undefined when it is missing, unreadable or not an object. */
export function readProjectJson(workingDirectory: string, file: string): Record<string, unknown> | undefined {
  const text = readProjectFile(workingDirectory, file);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A string `key = "value"` of a `[section]` of a TOML file (Cargo.toml, pyproject.toml). */
export function tomlString(text: string, section: string, key: string): string | undefined {
  const escaped = section.replace(/[.[\]]/g, '\\$&');
  return new RegExp(`^\\[${escaped}\\][^[]*?^${key}\\s*=\\s*"([^"]+)"`, 'm').exec(text)?.[1];
}

/** The first of the candidates (relative to the folder) that exists. */
export function firstExisting(folder: string, candidates: string[]): string | undefined {
  return candidates.find((candidate) => existsSync(path.join(folder, candidate)));
}
