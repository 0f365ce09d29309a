/**
 * A view's project: its folder, and each of its files read at most once. Detection, the entry, the tools the
 * project pins, its name and the build all ask the same manifests (a JavaScript run asks package.json five
 * questions); one Project per run answers them all from one read. Its files are the repository's, so untrusted:
 * each is read only as a regular file inside the repository, within MANIFEST_LIMIT (see repository-files.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRepositoryFile, repositoryBoundary } from '../kernel/repository-files.ts';

/** The most a manifest (package.json, go.mod, Cargo.toml, pyproject.toml, tsconfig.json) may be. */
export const MANIFEST_LIMIT = 4_000_000;

export class Project {
  /** The project's folder, absolute. */
  readonly folder: string;
  /** The folder its files must stay in (the workspace, the checkout), when there is one. */
  readonly boundary: string | undefined;
  readonly #texts = new Map<string, string | undefined>();
  readonly #objects = new Map<string, Record<string, unknown> | undefined>();

  constructor(folder: string) {
    this.folder = path.resolve(folder);
    this.boundary = repositoryBoundary(this.folder);
  }

  /** A path in the project, absolute. */
  path(file: string): string {
    return path.resolve(this.folder, file);
  }

  has(file: string): boolean {
    return existsSync(this.path(file));
  }

  /** The first of the candidates that exists. */
  firstExisting(candidates: readonly string[]): string | undefined {
    return candidates.find((candidate) => this.has(candidate));
  }

  /**
   * A file of the project as text, or undefined when it is missing. Throws FileRefused when it is not a regular file
   * of the repository (a symlink to /dev/zero, a FIFO) or is over MANIFEST_LIMIT.
   */
  text(file: string): string | undefined {
    const full = this.path(file);
    if (!this.#texts.has(full)) {
      const text = existsSync(full)
        ? readRepositoryFile(full, {
            maxBytes: MANIFEST_LIMIT,
            what: 'a project file',
            boundary: this.boundary,
          }).toString('utf8')
        : undefined;
      this.#texts.set(full, text);
    }
    return this.#texts.get(full);
  }

  /** A JSON file of the project as an object, or undefined when it is missing, unreadable or not an object. */
  json(file: string): Record<string, unknown> | undefined {
    const full = this.path(file);
    if (!this.#objects.has(full)) this.#objects.set(full, parseObject(this.text(full)));
    return this.#objects.get(full);
  }
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
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
