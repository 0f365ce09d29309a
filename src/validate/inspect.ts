import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { ToolFailure } from '../kernel/errors.ts';
import { type Language, languageFromProducers, type Producers } from '../languages/index.ts';
import { DecodeError } from '../wasm/byte-reader.ts';
import { type ComponentSummary, readComponent } from '../wasm/component-reader.ts';
import { type BinaryKind, sniffBinary } from '../wasm/header.ts';
import { jco, jcoMessage } from '../wasm/jco.ts';
import type { Validator, Validity } from './validator.ts';

/** Everything learnt about the file once, so that every rule is a small function of these facts. */
export interface ViewFacts {
  path: string;
  stat: { kind: 'missing' } | { kind: 'not-a-file' } | { kind: 'file'; size: number };
  sha256?: string;
  /** Only read when the size is within the limit. */
  bytes?: Uint8Array;
  binary?: BinaryKind;
  /** What wasm-tools' validator says of a component; it alone decides validity. */
  validity?: Validity;
  /** Imports, exports and their types, from the action's reader. */
  structure?: ComponentSummary;
  structureError?: DecodeError;
  /** The component's world as WIT, from jco, for the `wit` output; some valid components have none. */
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
  if (facts.stat.size > maxSizeBytes) {
    facts.sha256 = await hashFile(path);
    return facts;
  }
  const bytes = readFileSync(path);
  facts.bytes = bytes;
  facts.sha256 = createHash('sha256').update(bytes).digest('hex');
  facts.binary = sniffBinary(bytes);
  if (facts.binary.kind !== 'component' && facts.binary.kind !== 'core-module') return facts;

  if (facts.binary.kind === 'component') {
    facts.validity = await (await validator()).validate(path);
    try {
      facts.structure = readComponent(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      facts.structureError = error;
    }
    try {
      facts.wit = await jco('rendering WIT', (tools) => tools.componentWit(bytes));
    } catch (error) {
      if (error instanceof ToolFailure) facts.toolFailures.push(error);
      else facts.witError = jcoMessage(error);
    }
  }
  try {
    facts.producers = (await jco('reading producers', (tools) => tools.metadataShow(bytes))).map(
      (entry) => entry.producers,
    );
  } catch (error) {
    // Producers only sharpen the hints; a file too broken for them fails the decoding rule anyway.
    if (error instanceof ToolFailure) facts.toolFailures.push(error);
  }
  facts.language = languageFromProducers(facts.producers);
  return facts;
}

function statOf(path: string): ViewFacts['stat'] {
  try {
    const stat = statSync(path);
    return stat.isFile() ? { kind: 'file', size: stat.size } : { kind: 'not-a-file' };
  } catch {
    return { kind: 'missing' };
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
