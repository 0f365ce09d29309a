/**
 * The producers sections of a binary (a component or a core module) and of every module and component inside it,
 * the outermost first, then each part in the order the binary holds them: what `wasm-tools metadata show` lists.
 * They name the language and the tools a view was made with, which sharpens the hints. Reading them needs no tool:
 * a `producers` custom section is a list of fields, each a name and a list of (name, version) pairs.
 */
import { ByteReader, DecodeError } from './byte-reader.ts';

/** Each part's producers section: its fields (`language`, `processed-by`, `sdk`), each with (name, version) pairs. */
export type Producers = Array<[field: string, values: Array<[name: string, version: string]>]>;

/** A component's core module and component sections: the parts that may carry producers of their own. */
const CORE_MODULE_SECTION = 1;
const COMPONENT_SECTION = 4;

/** Every part's producers (an empty list for a part without them); what cannot be read ends the list there. */
export function readProducers(bytes: Uint8Array): Producers[] {
  const found: Producers[] = [];
  try {
    walk(new ByteReader(bytes, 8), layerOf(bytes, 0) === COMPONENT_LAYER, found);
  } catch (error) {
    // A file too broken for its producers fails the decoding rule anyway: what was read is kept.
    if (!(error instanceof DecodeError)) throw error;
  }
  return found;
}

/** One binary's sections (after its 8-byte header): its producers first, then its parts', in order. */
function walk(reader: ByteReader, component: boolean, found: Producers[]): void {
  const own = found.length;
  found.push([]);
  while (!reader.done) {
    const id = reader.u8('a section id');
    const section = reader.sub(reader.u32('a section size'), 'a section');
    if (id === 0 && section.name('a custom section name') === 'producers') {
      found[own] = producersOf(section);
    } else if (component && (id === CORE_MODULE_SECTION || id === COMPONENT_SECTION)) {
      // A nested binary, with its own 8-byte header.
      const nested = new ByteReader(reader.bytes, section.position + 8, section.end);
      walk(nested, id === COMPONENT_SECTION, found);
    }
  }
}

const COMPONENT_LAYER = 1;

/** The layer field of the header at `start`: 0 for a core module, 1 for a component. */
function layerOf(bytes: Uint8Array, start: number): number {
  return bytes[start + 6]! | (bytes[start + 7]! << 8);
}

function producersOf(section: ByteReader): Producers {
  const fields: Producers = [];
  for (let count = section.count('producers fields'); count > 0; count--) {
    const field = section.name('a producers field');
    const values: Array<[string, string]> = [];
    for (let pairs = section.count('producers values'); pairs > 0; pairs--) {
      values.push([section.name('a producer name'), section.name('a producer version')]);
    }
    fields.push([field, values]);
  }
  return fields;
}
