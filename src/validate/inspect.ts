import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { ToolFailure } from '../kernel/errors.ts';
import { FileRefused, readRepositoryFile, whyNotARepositoryFile } from '../kernel/repository-files.ts';
import { type Language, languageFromProducers, type Producers } from '../languages/index.ts';
import { DecodeError } from '../wasm/byte-reader.ts';
import { type ComponentSummary, readComponent } from '../wasm/component-reader.ts';
import { plainWorldWit } from '../wasm/component-wit.ts';
import { type BinaryKind, sniffBinary } from '../wasm/header.ts';
import { jco, jcoMessage } from '../wasm/jco.ts';
import { readProducers } from '../wasm/producers.ts';
import { nativeWit } from './native-describe.ts';
import type { Validator, Validity } from './validator.ts';

/** Everything learnt about the file once, so that every rule is a small function of these facts. */
export interface ViewFacts {
  path: string;
  /** `not-a-file`: a folder, a device, a FIFO, or a file of the system (/proc, /sys, /dev), with why. */
  stat: { kind: 'missing' } | { kind: 'not-a-file'; why: string } | { kind: 'file'; size: number };
  /** Not computed for a file over the size limit (an 8 GB sparse file would take minutes to hash). */
  sha256?: string;
  /** Only read when the size is within the limit. */
  bytes?: Uint8Array;
  binary?: BinaryKind;
  /** What wasm-tools' validator says of a component; it alone decides validity. */
  validity?: Validity;
  /** Imports, exports and their types, from the action's reader. */
  structure?: ComponentSummary;
  structureError?: DecodeError;
  /** The component's world as WIT, for the `wit` output (the reader's, wasm-tools' or jco's); some valid components
   * have none. */
  wit?: string;
  witError?: string;
  /** jco breaking on this file (a panic): reported as warnings, never as the view's fault; its words in debug. */
  toolFailures: ToolFailure[];
  /** Producers sections, the outermost (the component's own) first. */
  producers: Producers[];
  language?: Language;
}

export async function inspectView(
  path: string,
  maxSizeBytes: number,
  validator: () => Promise<Validator>,
): Promise<ViewFacts> {
  const facts: ViewFacts = { path, stat: statOf(path), producers: [], toolFailures: [] };
  if (facts.stat.kind !== 'file') return facts;
  if (facts.stat.size > maxSizeBytes) return facts;
  facts.binary = sniffBinary(head(path));
  // A component's validator starts first: it runs while this process reads, hashes and decodes the file.
  const checker = facts.binary.kind === 'component' ? await validator() : undefined;
  const validity = checker?.validate(path);
  let bytes: Buffer;
  try {
    bytes = readRepositoryFile(path, { maxBytes: maxSizeBytes, what: 'a view', boundary: undefined });
  } catch (error) {
    if (!(error instanceof FileRefused)) throw error;
    facts.stat = { kind: 'file', size: maxSizeBytes + 1 };
    return facts;
  }
  facts.bytes = bytes;
  facts.sha256 = createHash('sha256').update(bytes).digest('hex');
  facts.binary = sniffBinary(bytes);
  if (facts.binary.kind !== 'component' && facts.binary.kind !== 'core-module') return facts;

  if (checker && validity) {
    try {
      facts.structure = readComponent(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      facts.structureError = error;
    }
    // The WIT of a plain world (every view that passes) is the reader's; wasm-tools is asked for any other, beside
    // the validator still running.
    const plain = facts.structure && plainWorldWit(facts.structure);
    const native = plain === undefined && checker.executable ? nativeWit(checker.executable, path) : undefined;
    facts.validity = await validity;
    const described = plain !== undefined ? { wit: plain } : ((await native) ?? (await jcoWit(bytes, facts)));
    if (described && 'wit' in described) facts.wit = described.wit;
    else if (described) facts.witError = described.error;
  }
  facts.producers = readProducers(bytes);
  facts.language = languageFromProducers(facts.producers);
  return facts;
}

/** The first bytes of the file: enough to tell a component, a core module and WebAssembly text apart. */
function head(path: string): Buffer {
  const buffer = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The WIT from jco's wasm-tools, where no native one can say: a broken tool is a tool failure, not the view's. */
async function jcoWit(bytes: Uint8Array, facts: ViewFacts): Promise<{ wit: string } | { error: string } | undefined> {
  try {
    return { wit: await jco('rendering WIT', (tools) => tools.componentWit(bytes)) };
  } catch (error) {
    if (!(error instanceof ToolFailure)) return { error: jcoMessage(error) };
    facts.toolFailures.push(error);
    return undefined;
  }
}

/**
 * What is at the path. A component may come from anywhere (an artifact of an earlier step), so it is not held to
 * the repository; but it must be a regular file, not a device, a FIFO or a file of the system.
 */
function statOf(path: string): ViewFacts['stat'] {
  if (!existsSync(path)) return { kind: 'missing' };
  const why = whyNotARepositoryFile(path, undefined);
  if (why) return { kind: 'not-a-file', why };
  return { kind: 'file', size: statSync(path).size };
}
