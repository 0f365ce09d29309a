import { ByteReader, DecodeError, hex } from './byte-reader.ts';
import type {
  ComponentType,
  ExternType,
  FuncType,
  InstanceType,
  Labelled,
  PrimitiveName,
  ResourceType,
  TypeDef,
  UnknownType,
  ValType,
} from './component-types.ts';

/**
 * Reads the component-level sections of a component binary: its types, imports and exports, with each
 * exported function's exact signature. Core modules (the bulk of a view's bytes) are skipped by their size,
 * so reading a 12 MB view costs little more than reading its outer structure.
 */
export interface ComponentSummary {
  imports: Map<string, ExternType>;
  exports: Map<string, ExternType>;
  coreModules: number;
  /** Custom sections at the top level, by name (e.g. `producers`, `component-name`). */
  customSections: string[];
}

type Sort = 'func' | 'value' | 'type' | 'component' | 'instance' | 'core';

const PRIMITIVES: Record<number, PrimitiveName> = {
  127: 'bool',
  126: 's8',
  125: 'u8',
  124: 's16',
  123: 'u16',
  122: 's32',
  121: 'u32',
  120: 's64',
  119: 'u64',
  118: 'f32',
  117: 'f64',
  116: 'char',
  115: 'string',
  100: 'error-context',
};

/** One index space per sort, as a component (or a component or instance type) builds them up. */
class Scope {
  readonly parent: Scope | undefined;
  readonly types: TypeDef[] = [];
  readonly funcs: (FuncType | UnknownType)[] = [];
  readonly instances: (InstanceType | UnknownType)[] = [];
  readonly components: (ComponentType | UnknownType)[] = [];
  readonly imports = new Map<string, ExternType>();
  readonly exports = new Map<string, ExternType>();

  constructor(parent?: Scope) {
    this.parent = parent;
  }

  outer(count: number, at: number): Scope {
    let scope: Scope | undefined = this;
    for (let i = 0; i < count; i++) scope = scope?.parent;
    if (!scope) throw new DecodeError(`outer alias reaches ${count} levels out, past the outermost component`, at);
    return scope;
  }

  type(index: number, at: number): TypeDef {
    const type = this.types[index];
    if (!type) throw new DecodeError(`type index ${index} is out of bounds`, at);
    return type;
  }

  /** The type an index of a sort stands for, as an import or export of it would carry. */
  extern(sort: Sort, index: number, at: number): ExternType {
    const pick = <T>(space: T[], what: string): T => {
      const item = space[index];
      if (item === undefined) throw new DecodeError(`${what} index ${index} is out of bounds`, at);
      return item;
    };
    switch (sort) {
      case 'func':
        return { sort, type: pick(this.funcs, 'function') };
      case 'instance':
        return { sort, type: pick(this.instances, 'instance') };
      case 'component':
        return { sort, type: pick(this.components, 'component') };
      case 'type':
        return { sort, type: pick(this.types, 'type') };
      case 'value':
        return { sort: 'value' };
      case 'core':
        return { sort: 'module' };
    }
  }

  /** Adds an item to its sort's index space (imports, exports and aliases all do). */
  add(item: ExternType): void {
    switch (item.sort) {
      case 'func':
        this.funcs.push(item.type);
        break;
      case 'instance':
        this.instances.push(item.type);
        break;
      case 'component':
        this.components.push(item.type);
        break;
      case 'type':
        this.types.push(item.type);
        break;
      default:
        break;
    }
  }
}

function unknown(reason: string): UnknownType {
  return { kind: 'unknown', reason };
}

function readSort(reader: ByteReader): Sort {
  const at = reader.position;
  const byte = reader.u8('a sort');
  switch (byte) {
    case 0x00:
      reader.u8('a core sort');
      return 'core';
    case 0x01:
      return 'func';
    case 0x02:
      return 'value';
    case 0x03:
      return 'type';
    case 0x04:
      return 'component';
    case 0x05:
      return 'instance';
    default:
      throw new DecodeError(`unknown sort 0x${hex(byte)}`, at);
  }
}

/** Import and export names: a discriminant byte, then the name. */
function readExternName(reader: ByteReader): string {
  const at = reader.position;
  const tag = reader.u8('an import or export name');
  if (tag !== 0x00 && tag !== 0x01) throw new DecodeError(`unknown name encoding 0x${hex(tag)}`, at);
  return reader.name('an import or export name');
}

function readValType(reader: ByteReader, scope: Scope): ValType {
  const at = reader.position;
  const code = reader.s33();
  if (code < 0) {
    const primitive = PRIMITIVES[code & 0x7f];
    if (!primitive) throw new DecodeError(`unknown primitive value type 0x${hex(code & 0x7f)}`, at);
    return { kind: 'primitive', name: primitive };
  }
  const type = scope.type(code, at);
  if (type.kind === 'unknown') throw new DecodeError(`value type ${code} is not readable: ${type.reason}`, at);
  if (type.kind === 'func' || type.kind === 'instance' || type.kind === 'component' || type.kind === 'resource') {
    throw new DecodeError(`type index ${code} is a ${type.kind} type, not a value type`, at);
  }
  return type;
}

function readLabelled(reader: ByteReader, scope: Scope): Labelled {
  const name = reader.name('a label');
  return { name, type: readValType(reader, scope) };
}

function readResource(reader: ByteReader, scope: Scope, at: number): ResourceType {
  const handle = scope.type(reader.u32('a resource type'), at);
  if (handle.kind !== 'resource') throw new DecodeError('a handle refers to a type that is not a resource', at);
  return handle;
}

function readDefValType(reader: ByteReader, scope: Scope, code: number, at: number): ValType {
  const primitive = PRIMITIVES[code];
  if (primitive) return { kind: 'primitive', name: primitive };
  switch (code) {
    case 0x72:
      return { kind: 'record', fields: reader.vec(() => readLabelled(reader, scope), 'record fields') };
    case 0x71:
      return {
        kind: 'variant',
        cases: reader.vec(() => {
          const name = reader.name('a variant case');
          const type = reader.optional(() => readValType(reader, scope), 'a variant case');
          if (reader.u8('a variant case') === 0x01) reader.u32('a refined case');
          return type ? { name, type } : { name };
        }, 'variant cases'),
      };
    case 0x70:
      return { kind: 'list', element: readValType(reader, scope) };
    case 0x67:
      return { kind: 'list', element: readValType(reader, scope), length: reader.u32('a fixed list length') };
    case 0x6f:
      return { kind: 'tuple', types: reader.vec(() => readValType(reader, scope), 'tuple types') };
    case 0x6e:
      return { kind: 'flags', names: reader.vec(() => reader.name('a flag'), 'flags') };
    case 0x6d:
      return { kind: 'enum', names: reader.vec(() => reader.name('an enum case'), 'enum cases') };
    case 0x6b:
      return { kind: 'option', type: readValType(reader, scope) };
    case 0x6a: {
      const ok = reader.optional(() => readValType(reader, scope), 'a result type');
      const error = reader.optional(() => readValType(reader, scope), 'a result type');
      return { kind: 'result', ...(ok && { ok }), ...(error && { error }) };
    }
    case 0x69:
      return { kind: 'own', resource: readResource(reader, scope, at) };
    case 0x68:
      return { kind: 'borrow', resource: readResource(reader, scope, at) };
    case 0x66:
    case 0x65: {
      const type = reader.optional(() => readValType(reader, scope), 'a stream or future type');
      return { kind: code === 0x66 ? 'stream' : 'future', ...(type && { type }) };
    }
    default:
      throw new DecodeError(`unknown type constructor 0x${hex(code)}`, at);
  }
}

function readFuncType(reader: ByteReader, scope: Scope, isAsync: boolean): FuncType {
  const params = reader.vec(() => readLabelled(reader, scope), 'function parameters');
  const at = reader.position;
  const tag = reader.u8('a function result');
  let result: FuncType['result'];
  if (tag === 0x00) result = readValType(reader, scope);
  else if (tag === 0x01) result = reader.vec(() => readLabelled(reader, scope), 'function results');
  else throw new DecodeError(`unknown function result encoding 0x${hex(tag)}`, at);
  if (Array.isArray(result) && result.length === 0) result = undefined;
  return { kind: 'func', async: isAsync, params, result };
}

function readExternDesc(reader: ByteReader, scope: Scope, name: string): ExternType {
  const at = reader.position;
  const tag = reader.u8('an extern descriptor');
  const typed = <K extends TypeDef['kind']>(kind: K, what: string) => {
    const type = scope.type(reader.u32(what), at);
    if (type.kind !== kind && type.kind !== 'unknown')
      throw new DecodeError(`${what} refers to a ${type.kind} type`, at);
    return type as Extract<TypeDef, { kind: K }> | UnknownType;
  };
  switch (tag) {
    case 0x00:
      reader.u8('a core module descriptor');
      reader.u32('a core type index');
      return { sort: 'module' };
    case 0x01:
      return { sort: 'func', type: typed('func', 'a function type') };
    case 0x02: {
      if (reader.u8('a value bound') === 0x00) reader.u32('a value index');
      else readValType(reader, scope);
      return { sort: 'value' };
    }
    case 0x03: {
      const bound = reader.u8('a type bound');
      if (bound === 0x00) return { sort: 'type', type: scope.type(reader.u32('a type index'), at) };
      if (bound === 0x01) return { sort: 'type', type: { kind: 'resource', name } };
      throw new DecodeError(`unknown type bound 0x${hex(bound)}`, at);
    }
    case 0x04:
      return { sort: 'component', type: typed('component', 'a component type') };
    case 0x05:
      return { sort: 'instance', type: typed('instance', 'an instance type') };
    default:
      throw new DecodeError(`unknown extern descriptor 0x${hex(tag)}`, at);
  }
}

function readAlias(reader: ByteReader, scope: Scope): ExternType {
  const at = reader.position;
  const sort = readSort(reader);
  const target = reader.u8('an alias target');
  if (target === 0x00) {
    const instanceIndex = reader.u32('an instance index');
    const name = reader.name('an alias name');
    const instance = scope.instances[instanceIndex];
    if (!instance) throw new DecodeError(`instance index ${instanceIndex} is out of bounds`, at);
    if (instance.kind === 'unknown') return unknownOf(sort, instance.reason);
    const item = instance.exports.get(name);
    if (!item) throw new DecodeError(`instance ${instanceIndex} has no export named "${name}"`, at);
    return item;
  }
  if (target === 0x01) {
    reader.u32('a core instance index');
    reader.name('a core export name');
    return { sort: 'module' };
  }
  if (target === 0x02) {
    const count = reader.u32('an outer count');
    const index = reader.u32('an outer index');
    return scope.outer(count, at).extern(sort, index, at);
  }
  throw new DecodeError(`unknown alias target 0x${hex(target)}`, at);
}

function unknownOf(sort: Sort, reason: string): ExternType {
  if (sort === 'func' || sort === 'instance' || sort === 'component' || sort === 'type') {
    return { sort, type: unknown(reason) } as ExternType;
  }
  return { sort: 'module' };
}

/** A component or instance type's declarations, each in a fresh scope. */
function readDeclarations(reader: ByteReader, scope: Scope, componentType: boolean): Scope {
  const inner = new Scope(scope);
  reader.vec(() => {
    const at = reader.position;
    const tag = reader.u8('a declaration');
    if (tag === 0x03 && componentType) {
      const name = readExternName(reader);
      const item = readExternDesc(reader, inner, name);
      inner.imports.set(name, item);
      inner.add(item);
    } else if (tag === 0x00) {
      throw new DecodeError('core type declarations inside component types are not supported', at);
    } else if (tag === 0x01) {
      inner.types.push(readDefType(reader, inner));
    } else if (tag === 0x02) {
      inner.add(readAlias(reader, inner));
    } else if (tag === 0x04) {
      const name = readExternName(reader);
      const item = readExternDesc(reader, inner, name);
      inner.exports.set(name, item);
      inner.add(item);
    } else {
      throw new DecodeError(`unknown declaration 0x${hex(tag)}`, at);
    }
    return null;
  }, 'declarations');
  return inner;
}

function readDefType(reader: ByteReader, scope: Scope): TypeDef {
  const at = reader.position;
  const code = reader.u8('a type definition');
  switch (code) {
    case 0x40:
      return readFuncType(reader, scope, false);
    case 0x43:
      return readFuncType(reader, scope, true);
    case 0x41: {
      const inner = readDeclarations(reader, scope, true);
      return { kind: 'component', imports: inner.imports, exports: inner.exports };
    }
    case 0x42:
      return { kind: 'instance', exports: readDeclarations(reader, scope, false).exports };
    case 0x3f:
    case 0x3e: {
      reader.u8('a resource representation');
      reader.optional(() => reader.u32('a destructor'), 'a resource destructor');
      if (code === 0x3e) reader.optional(() => reader.u32('a callback'), 'a resource callback');
      return { kind: 'resource', name: `resource${scope.types.length}` };
    }
    default:
      return readDefValType(reader, scope, code, at);
  }
}

/** Canonical definitions: only `lift` makes a component function; the rest make core functions. */
function readCanonSection(reader: ByteReader, scope: Scope): void {
  const count = reader.u32('the canonical section length');
  for (let i = 0; i < count; i++) {
    const at = reader.position;
    const op = reader.u8('a canonical definition');
    if (op === 0x00) {
      reader.u8('canon lift');
      reader.u32('a core function index');
      readCanonOptions(reader);
      const type = scope.type(reader.u32('a function type index'), at);
      scope.funcs.push(
        type.kind === 'func' || type.kind === 'unknown' ? type : unknown('lifted with a non-function type'),
      );
    } else if (op === 0x01) {
      reader.u8('canon lower');
      reader.u32('a function index');
      readCanonOptions(reader);
    } else if (op >= 0x02 && op <= 0x05) {
      reader.u32('a type index');
    } else {
      // Newer (async, thread) built-ins only make core functions; what follows in this section cannot be
      // aligned any more, so any later lifted function is marked unreadable rather than guessed.
      const reason = `the component uses canonical built-in 0x${hex(op)}, which this reader does not know`;
      for (let rest = i; rest < count; rest++) scope.funcs.push(unknown(reason));
      reader.position = reader.end;
      return;
    }
  }
}

function readCanonOptions(reader: ByteReader): void {
  reader.vec(() => {
    const at = reader.position;
    const option = reader.u8('a canonical option');
    if (option >= 0x03 && option <= 0x05) reader.u32('a canonical option index');
    else if (option === 0x07 || option === 0x08) reader.u32('a canonical option index');
    else if (option > 0x08) throw new DecodeError(`unknown canonical option 0x${hex(option)}`, at);
    return null;
  }, 'canonical options');
}

function readInstance(reader: ByteReader, scope: Scope): InstanceType | UnknownType {
  const at = reader.position;
  const tag = reader.u8('an instance');
  if (tag === 0x00) {
    const componentIndex = reader.u32('a component index');
    reader.vec(() => {
      reader.name('an instantiation argument');
      readSort(reader);
      reader.u32('an argument index');
      return null;
    }, 'instantiation arguments');
    const component = scope.components[componentIndex];
    if (!component) throw new DecodeError(`component index ${componentIndex} is out of bounds`, at);
    if (component.kind === 'unknown') return component;
    return { kind: 'instance', exports: component.exports };
  }
  if (tag === 0x01) {
    const exports = new Map<string, ExternType>();
    reader.vec(() => {
      const name = readExternName(reader);
      const itemAt = reader.position;
      const sort = readSort(reader);
      exports.set(name, scope.extern(sort, reader.u32('an export index'), itemAt));
      return null;
    }, 'inline exports');
    return { kind: 'instance', exports };
  }
  throw new DecodeError(`unknown instance expression 0x${hex(tag)}`, at);
}

/** Sections read entry by entry, which must end exactly at their declared size. */
const PARSED_SECTIONS = new Set([4, 5, 6, 7, 8, 10, 11]);

function readComponentBody(reader: ByteReader, scope: Scope, summary?: ComponentSummary): void {
  while (!reader.done) {
    const id = reader.u8('a section id');
    const size = reader.u32('a section size');
    const section = reader.sub(size, `section ${id} (${size} bytes)`);
    switch (id) {
      case 0:
        if (summary) summary.customSections.push(section.name('a custom section name'));
        break;
      case 1:
        if (summary) summary.coreModules++;
        break;
      case 2:
      case 3:
      case 9:
      case 12:
        break;
      case 4: {
        section.skip(8, 'a nested component header');
        const inner = new Scope(scope);
        readComponentBody(section, inner);
        scope.components.push({ kind: 'component', imports: inner.imports, exports: inner.exports });
        break;
      }
      case 5:
        section.vec(() => scope.instances.push(readInstance(section, scope)), 'instances');
        break;
      case 6:
        section.vec(() => scope.add(readAlias(section, scope)), 'aliases');
        break;
      case 7:
        section.vec(() => scope.types.push(readDefType(section, scope)), 'types');
        break;
      case 8:
        readCanonSection(section, scope);
        break;
      case 10:
        section.vec(() => {
          const name = readExternName(section);
          const item = readExternDesc(section, scope, name);
          scope.imports.set(name, item);
          scope.add(item);
          return null;
        }, 'imports');
        break;
      case 11:
        section.vec(() => {
          const name = readExternName(section);
          const at = section.position;
          const sort = readSort(section);
          const index = section.u32('an export index');
          const ascribed = section.optional(() => readExternDesc(section, scope, name), 'an export type');
          const item = ascribed ?? scope.extern(sort, index, at);
          scope.exports.set(name, item);
          scope.add(item);
          return null;
        }, 'exports');
        break;
      default:
        throw new DecodeError(`unknown section id ${id}`, reader.position - size);
    }
    if (!section.done && PARSED_SECTIONS.has(id)) {
      throw new DecodeError(`section ${id} has ${section.end - section.position} bytes left over`, section.position);
    }
  }
}

/** Reads a component binary (the 8-byte header must already be known to be a component's). */
export function readComponent(bytes: Uint8Array): ComponentSummary {
  const reader = new ByteReader(bytes, 8);
  const scope = new Scope();
  const summary: ComponentSummary = {
    imports: scope.imports,
    exports: scope.exports,
    coreModules: 0,
    customSections: [],
  };
  readComponentBody(reader, scope, summary);
  return summary;
}
