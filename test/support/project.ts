import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { tempDir, writeIn } from './tmp.ts';

/** A project folder holding these files (paths relative to it, folders made as needed). */
export function project(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('primatomic-project-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeIn(dir, name, content);
  }
  return dir;
}
