import path from 'node:path';
import { type Found, finding } from '../kernel/findings.ts';

/**
 * Helpers for the languages' readers of compiler output: each language finds its own errors (see its
 * `diagnostics`); these turn a match into a finding on the source line and drop repeats.
 */
export function compilerError(message: string, file: string, line: string, workingDirectory: string): Found {
  // Windows compilers print `.\main.go`; where `\` is not a separator, it is read as one all the same.
  const portable = path.sep === '/' ? file.replaceAll('\\', '/') : file;
  return finding('error', message, undefined, { file: path.resolve(workingDirectory, portable), line: Number(line) });
}

export function withoutRepeats(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.location?.file}:${f.location?.line}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
