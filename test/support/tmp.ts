import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh folder for one test's files. */
export function tempDir(prefix = 'primatomic-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeIn(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
