/**
 * What a build was made from, as one sha256: the source files it read (by their path in the project and their
 * bytes), the WIT and world, and the tools with their versions. JavaScript, TypeScript and Python builds give
 * different bytes each time (componentize-js and componentize-py snapshot a JS or Python heap with random seeds and
 * clocks in it), so their views are named after this instead of after the component's sha256.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DigestInputs {
  /** The project's folder: the sources' paths are hashed relative to it. */
  folder: string;
  /** The files the build read, absolute or relative to the project folder. */
  sources: string[];
  witPath: string;
  world: string;
  tools: Record<string, string>;
}

export function sourceDigest(inputs: DigestInputs): string {
  const hash = createHash('sha256');
  const add = (label: string, value: string | Uint8Array) => {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    hash.update(`${label}\0${bytes.length}\0`);
    hash.update(bytes);
  };
  const relative = (file: string) =>
    path.relative(inputs.folder, path.resolve(inputs.folder, file)).split(path.sep).join('/');
  for (const file of [...new Set(inputs.sources.map(relative))].sort()) {
    add('file', file);
    add('bytes', readFileSync(path.resolve(inputs.folder, file)));
  }
  add('wit', witBytes(inputs.witPath));
  add('world', inputs.world);
  for (const [name, value] of Object.entries(inputs.tools).sort()) add(name, value);
  return hash.digest('hex');
}

/** A WIT file, or a WIT folder's .wit files (deps/ included, which the build reads too), in one buffer. */
function witBytes(witPath: string): Buffer {
  if (!statSync(witPath).isDirectory()) return readFileSync(witPath);
  const parts: Buffer[] = [];
  for (const name of readdirSync(witPath).sort()) {
    const full = path.join(witPath, name);
    if (statSync(full).isDirectory()) parts.push(Buffer.from(`${name}/`), witBytes(full));
    else if (name.endsWith('.wit')) parts.push(Buffer.from(name), readFileSync(full));
  }
  return Buffer.concat(parts);
}
