/**
 * Components nobody here wrote, to hold the component reader against: the component WAT files and WAST
 * scripts of wasm-tools' and wit-component's own test suites (shipped inside their crates on crates.io) and
 * the two components jco 1.0.0 shipped on npm. Each archive is fetched once, checked against its published
 * checksum, and cached under node_modules/.cache keyed by version, so later runs are offline.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

interface Archive {
  label: string;
  file: string;
  url: string;
  /** From the crates.io index (`cksum`), or from npm's `dist.integrity`. */
  sha256?: string;
  sha512?: string;
  /** Which files in it hold components. */
  pick: (file: string) => boolean;
}

/** The versions jco 1.35 bundles (wasmparser 0.259), so the tests are the ones that wasm-tools was held to. */
const ARCHIVES: Archive[] = [
  {
    label: 'wasm-tools 1.259.0',
    file: 'wasm-tools-1.259.0.crate',
    url: 'https://static.crates.io/crates/wasm-tools/wasm-tools-1.259.0.crate',
    sha256: '5b08fa752345df58158a86aa48cb747e019f75609de93800f89e3b9274d8040c',
    pick: (file) => /^tests\/.*\.(wast|wat)$/.test(file),
  },
  {
    label: 'wit-component 0.259.0',
    file: 'wit-component-0.259.0.crate',
    url: 'https://static.crates.io/crates/wit-component/wit-component-0.259.0.crate',
    sha256: '092f783dee3253265fcde131475055f8c275ac0176a9c0396db1dc7b5544bfb4',
    pick: (file) => /^tests\/.*\.wat$/.test(file),
  },
  {
    // jco's own test fixtures are not published; 1.0.0 is the release that shipped its two tools as components.
    label: '@bytecodealliance/jco 1.0.0',
    file: 'jco-1.0.0.tgz',
    url: 'https://registry.npmjs.org/@bytecodealliance/jco/-/jco-1.0.0.tgz',
    sha512: '7p7Dq8qg7wepTEjoY9Aoxdj40kqNhd8lTRA5UwOJUtUMH98E/LKQzOSDbD3kGs3Byk63uDNhS9zifU5mGFGK6A==',
    pick: (file) => /\.component\.wasm$/.test(file),
  },
];

export const CORPUS_CACHE = fileURLToPath(
  new URL('../../node_modules/.cache/primatomic-view-action/component-corpus/', import.meta.url),
);

function verified(archive: Archive, bytes: Uint8Array): boolean {
  if (archive.sha256) return createHash('sha256').update(bytes).digest('hex') === archive.sha256;
  return createHash('sha512').update(bytes).digest('base64') === archive.sha512;
}

async function archiveBytes(archive: Archive): Promise<Uint8Array> {
  const cached = path.join(CORPUS_CACHE, archive.file);
  try {
    const bytes = readFileSync(cached);
    if (verified(archive, bytes)) return bytes;
  } catch {
    // Not cached yet.
  }
  const response = await fetch(archive.url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`fetching ${archive.url} answered ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!verified(archive, bytes)) throw new Error(`${archive.url} does not match its published checksum`);
  mkdirSync(CORPUS_CACHE, { recursive: true });
  // Written aside and renamed, so a run stopped halfway leaves no truncated archive behind.
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, cached);
  return bytes;
}

/** The regular files of a gzipped tar (ustar, with GNU long names and pax paths), by path. */
export function untar(gzipped: Uint8Array): Map<string, Buffer> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Buffer>();
  const text = (from: number, length: number) =>
    tar
      .subarray(from, from + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    if (tar[at] === 0) break;
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156]!);
    const prefix = text(at + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
    const body = tar.subarray(at + 512, at + 512 + size);
    longName = undefined;
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === '0' || type === '\0') files.set(name, body);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

export interface CorpusCase {
  /** Where it came from: archive, file, and for WAST scripts the line the component starts on. */
  id: string;
  /** A component's WAT text, or a component binary. */
  wat?: string;
  bytes?: Uint8Array;
  /** Component-model features the test file turns on that wasmparser leaves off by default. */
  features: string[];
}

/** The component-model features wasmparser 0.259 turns on by default (core features do not reach the reader). */
const DEFAULT_FEATURES = new Set(['cm-async', 'cm-map', 'cm-implements']);

/** The features a wasm-tools test's `;; RUN:` lines enable (`-f a,b` or `--features=a,b`). */
function runFeatures(text: string): string[] {
  const run = text.match(/^(;;[^\n]*\n)+/)?.[0] ?? '';
  const features = [...run.matchAll(/(?:-f\s+|--features[= ])([\w,=-]+)/g)].flatMap((m) => m[1]!.split(','));
  return [...new Set(features.filter((f) => f.startsWith('cm') && !DEFAULT_FEATURES.has(f)))].sort();
}

interface Form {
  text: string;
  line: number;
}

/** The top-level parenthesised forms of a WAT or WAST text, skipping comments and strings. */
export function topLevelForms(text: string): Form[] {
  const forms: Form[] = [];
  let depth = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    else if (char === ';' && text[i + 1] === ';') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (char === '(' && text[i + 1] === ';') {
      i = skipBlockComment(text, i, () => line++);
    } else if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
      }
    } else if (char === '(') {
      if (depth === 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) forms.push({ text: text.slice(start, i + 1), line: startLine });
    }
  }
  return forms;
}

/** Block comments nest: `(; (; ;) ;)`. Returns the index of the closing parenthesis. */
function skipBlockComment(text: string, from: number, newline: () => void): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\n') newline();
    if (text[i] === '(' && text[i + 1] === ';') {
      depth++;
      i++;
    } else if (text[i] === ';' && text[i + 1] === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

/**
 * The components a test file holds: a `.wat` file that is one component, or every top-level `(component …)`
 * of a `.wast` script (those inside `assert_invalid` and the like are meant to fail, and are left out).
 * `(component definition …)` is WAST syntax for a component that is not instantiated: the same component.
 */
function componentsOf(label: string, file: string, text: string): CorpusCase[] {
  const features = runFeatures(text);
  // `(component instance $i $c)` instantiates a component defined earlier in the script: it is no component.
  const forms = topLevelForms(text).filter(
    (form) => /^\(component\b/.test(form.text) && !/^\(component\s+instance\b/.test(form.text),
  );
  return forms.map((form) => ({
    id: file.endsWith('.wast') ? `${label} ${file}:${form.line}` : `${label} ${file}`,
    wat: form.text.replace(/^\(component\s+definition\b/, '(component'),
    features,
  }));
}

/** Every component of every archive, in a stable order. */
export async function loadCorpus(): Promise<CorpusCase[]> {
  const cases: CorpusCase[] = [];
  for (const archive of ARCHIVES) {
    const files = untar(await archiveBytes(archive));
    const picked = [...files].filter(([file]) => archive.pick(file.replace(/^[^/]+\//, ''))).sort();
    for (const [file, body] of picked) {
      const relative = file.replace(/^[^/]+\//, '');
      if (relative.endsWith('.wasm')) cases.push({ id: `${archive.label} ${relative}`, bytes: body, features: [] });
      else cases.push(...componentsOf(archive.label, relative, body.toString('utf8')));
    }
  }
  return cases;
}
