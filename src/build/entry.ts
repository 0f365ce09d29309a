import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The first of the candidates (relative to the folder) that exists. */
export function firstExisting(folder: string, candidates: string[]): string | undefined {
  return candidates.find((candidate) => existsSync(path.join(folder, candidate)));
}

/** A JS/TS project's entry: package.json's `main`, then src/index.ts, src/index.js, index.ts, index.js. */
export function jsEntry(folder: string): string | undefined {
  const manifest = path.join(folder, 'package.json');
  if (existsSync(manifest)) {
    try {
      const main = (JSON.parse(readFileSync(manifest, 'utf8')) as { main?: unknown }).main;
      if (typeof main === 'string' && existsSync(path.join(folder, main))) return main;
    } catch {
      // An unreadable package.json is the build's to report.
    }
  }
  return firstExisting(folder, ['src/index.ts', 'src/index.js', 'index.ts', 'index.js']);
}

export const isTypeScript = (entry: string | undefined) => entry !== undefined && /\.(ts|mts|cts)$/.test(entry);
