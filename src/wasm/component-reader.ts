import { ByteReader, DecodeError, expectByte, hex } from './byte-reader.ts';
import { readCanonOptions, skipCanonBuiltin } from './canonicals.ts';
import type {
  ComponentType,
  ExternType,
  FuncType,
  InstanceType,
  Labelled,
  ResourceType,
  TypeDef,
  UnknownType,
  ValType,
} from './component-types.ts';
import { skipCoreType, skipCoreValType } from './core-types.ts';
import { sniffBinary } from './header.ts';
import { PRIMITIVES, skipValType } from './primitives.ts';
import { withDepth } from './type-depth.ts';

/**
 * Reads the component-level sections of a component binary: its types, imports and exports, with each
 * exported function's exact signature. Core modules (the bulk of a view's bytes) are skipped by their size,
 * so reading a 12 MB view costs little more than reading its outer structure.
 *
 * The encodings are wasmparser 0.259's (the version jco 1.35 bundles) and 0.257's (wasm-tools 1.257, the
 * validator the action runs), where they differ: every form either reads with its default features is read here
 * too, and what this reader does not need to judge (core types, canonical built-ins other than `lift`) is decoded
 * only far enough to step over it.
 */
export interface ComponentSummary {
  imports: Map<string, ExternType>;
  exports: Map<string, ExternType>;
  /** For top-level names written with the `implements` option: the interface each one implements. */
  implements: { imports: Map<string, string>; exports: Map<string, string> };
  coreModules: number;
  /** Custom sections at the top level, by name (e.g. `producers`, `component-name`). */
  customSections: string[];
}

type Sort = 'func' | 'value' | 'type' | 'component' | 'instance' | 'core';

/**
 * How deeply component and instance types may nest in each other, and components in each other. Neither costs
 * stack (the reader keeps its own), only memory, under a kilobyte a level; wasm-tools has no limits of its own but
 * its stack gives out before 3,000 nested types, and it takes longer than the action waits for it (two minutes)
 * to validate 150,000 nested components.
 */
const MAX_TYPE_NESTING = 10_000;
const MAX_COMPONENT_NESTING = 150_000;

/** One index space per sort, as a component (or a component or instance type) builds them up. */
class Scope {
  readonly parent: Scope | undefined;
  readonly types: TypeDef[] = [];
  readonly funcs: (FuncType | UnknownType)[] = [];
  readonly instances: (InstanceType | UnknownType)[] = [];
  readonly components: (ComponentType | UnknownType)[] = [];
  // Made on first use: deeply nested components and types open many scopes, most of them empty.
  #imports: Map<string, ExternType> | undefined;
  #exports: Map<string, ExternType> | undefined;
  #importsImplement: Map<string, string> | undefined;
  #exportsImplement: Map<string, string> | undefined;

  constructor(parent: Scope | undefined) {
    this.parent = parent;
  }

  get imports(): Map<string, ExternType> {
    this.#imports ??= new Map();
    return this.#imports;
  }

  get exports(): Map<string, ExternType> {
    this.#exports ??= new Map();
    return this.#exports;
  }

  get importsImplement(): Map<string, string> {
    this.#importsImplement ??= new Map();
    return this.#importsImplement;
  }

  get exportsImplement(): Map<string, string> {
    this.#exportsImplement ??= new Map();
    return this.#exportsImplement;
  }

  outer(count: number, at: number): Scope {
    let scope: Scope | undefined = this;
    for (let i = 0; i < count && scope; i++) scope = scope.parent;
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

  addImport(name: ExternName, item: ExternType): void {
    this.imports.set(name.name, item);
    if (name.implements !== undefined) this.importsImplement.set(name.name, name.implements);
    this.add(item);
  }

  addExport(name: ExternName, item: ExternType): void {
    this.exports.set(name.name, item);
    if (name.implements !== undefined) this.exportsImplement.set(name.name, name.implements);
    this.add(item);
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

interface ExternName {
  name: string;
  /** The `implements` option: the interface a plainly named import or export stands for. */
  implements?: string;
}

/**
 * Import and export names: `0x00 name` (or `0x01 name`, from encoders before 2024), or `0x02 name opts`
 * where each option is `0x00 implements`, `0x01 version-suffix` or `0x02 external-id`, each a string given
 * at most once (wasmparser enables `implements` by default).
 */
function readExternName(reader: ByteReader): ExternName {
  const at = reader.position;
  const tag = reader.u8('an import or export name');
  if (tag > 0x02) throw new DecodeError(`unknown name encoding 0x${hex(tag)}`, at);
  const name: ExternName = { name: reader.name('an import or export name') };
  if (tag !== 0x02) return name;
  const seen = new Set<number>();
  reader.vec(() => {
    const optionAt = reader.position;
    const option = reader.u8('a name option');
    if (option > 0x02) throw new DecodeError(`unknown name option 0x${hex(option)}`, optionAt);
    if (seen.has(option)) throw new DecodeError(`name option 0x${hex(option)} is given twice`, optionAt);
    seen.add(option);
    const value = reader.name('a name option');
    if (option === 0x00) name.implements = value;
    return null;
  }, 'name options');
  return name;
}

/** A value type: a primitive's single byte, or a non-negative s33 type index. */
function readValType(reader: ByteReader, scope: Scope): ValType {
  const at = reader.position;
  const primitive = PRIMITIVES[reader.peek('a value type')];
  if (primitive) {
    reader.u8();
    return { kind: 'primitive', name: primitive };
  }
  const index = reader.s33();
  if (index < 0) throw new DecodeError(`unknown value type 0x${hex(reader.bytes[at]!)}`, at);
  const type = scope.type(index, at);
  if (type.kind === 'unknown') throw new DecodeError(`value type ${index} is not readable: ${type.reason}`, at);
  if (type.kind === 'func' || type.kind === 'instance' || type.kind === 'component' || type.kind === 'resource') {
    throw new DecodeError(`type index ${index} is a ${type.kind} type, not a value type`, at);
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

function readOptionalValType(reader: ByteReader, scope: Scope, what: string): ValType | undefined {
  return reader.optional(() => readValType(reader, scope), what);
}

function readDefValType(reader: ByteReader, scope: Scope, code: number, at: number): ValType {
  const primitive = PRIMITIVES[code];
  if (primitive) return { kind: 'primitive', name: primitive };
  switch (code) {
    case 0x72: {
      const fields = reader.vec(() => readLabelled(reader, scope), 'record fields');
      return withDepth<ValType>(
        { kind: 'record', fields },
        fields.map((f) => f.type),
        at,
      );
    }
    case 0x71: {
      const cases = reader.vec(() => readCase(reader, scope), 'variant cases');
      return withDepth<ValType>(
        { kind: 'variant', cases },
        cases.map((c) => c.type),
        at,
      );
    }
    case 0x70: {
      const element = readValType(reader, scope);
      return withDepth<ValType>({ kind: 'list', element }, [element], at);
    }
    case 0x67: {
      const element = readValType(reader, scope);
      const length = reader.u32('a fixed list length');
      return withDepth<ValType>({ kind: 'list', element, length }, [element], at);
    }
    case 0x63: {
      const key = readValType(reader, scope);
      const value = readValType(reader, scope);
      return withDepth<ValType>({ kind: 'map', key, value }, [key, value], at);
    }
    case 0x6f: {
      const types = reader.vec(() => readValType(reader, scope), 'tuple types');
      return withDepth<ValType>({ kind: 'tuple', types }, types, at);
    }
    case 0x6e: {
      const names = reader.vec(() => reader.name('a flag'), 'flags');
      return withDepth<ValType>({ kind: 'flags', names }, [], at);
    }
    case 0x6d: {
      const names = reader.vec(() => reader.name('an enum case'), 'enum cases');
      return withDepth<ValType>({ kind: 'enum', names }, [], at);
    }
    case 0x6b: {
      const type = readValType(reader, scope);
      return withDepth<ValType>({ kind: 'option', type }, [type], at);
    }
    case 0x6a: {
      const ok = readOptionalValType(reader, scope, 'a result type');
      const error = readOptionalValType(reader, scope, 'a result type');
      return withDepth<ValType>({ kind: 'result', ...(ok && { ok }), ...(error && { error }) }, [ok, error], at);
    }
    case 0x69:
    case 0x68: {
      const resource = readResource(reader, scope, at);
      return withDepth<ValType>({ kind: code === 0x69 ? 'own' : 'borrow', resource }, [], at);
    }
    case 0x66:
    case 0x65: {
      const type = readOptionalValType(reader, scope, 'a stream or future type');
      return withDepth<ValType>({ kind: code === 0x66 ? 'stream' : 'future', ...(type && { type }) }, [type], at);
    }
    default:
      throw new DecodeError(`unknown type constructor 0x${hex(code)}`, at);
  }
}

/** `name, optional type, 0x00`; a `0x01 index` in place of the zero is the pre-2023 `refines`, still read. */
function readCase(reader: ByteReader, scope: Scope): { name: string; type?: ValType } {
  const name = reader.name('a variant case');
  const type = readOptionalValType(reader, scope, 'a variant case');
  if (reader.u8('a variant case') === 0x01) reader.u32('a refined case');
  return type ? { name, type } : { name };
}

function readFuncType(reader: ByteReader, scope: Scope, isAsync: boolean): FuncType {
  const params = reader.vec(() => readLabelled(reader, scope), 'function parameters');
  const resultAt = reader.position;
  const tag = reader.u8('a function result');
  let result: FuncType['result'];
  if (tag === 0x00) result = readValType(reader, scope);
  else if (tag === 0x01) result = reader.vec(() => readLabelled(reader, scope), 'function results');
  else throw new DecodeError(`unknown function result encoding 0x${hex(tag)}`, resultAt);
  if (Array.isArray(result) && result.length === 0) result = undefined;
  // wasmparser limits the depth of value types only: a function adds no level of its own.
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
    case 0x02:
      // wasmparser reads a value import's type as a plain value type (values are off by default).
      skipValType(reader);
      return { sort: 'value' };
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

/** A component or instance type whose declarations are being read: its own scope, and how many are left. */
interface OpenType {
  scope: Scope;
  component: boolean;
  left: number;
  at: number;
}

/**
 * A component or instance type (`code` 0x41 or 0x42, already read). Such types nest, a declaration defining the
 * next, and wasm-tools accepts thousands of levels, more than the call stack takes: the types still open are kept
 * on a stack of their own, so nesting costs memory in proportion to the bytes, not stack frames.
 */
function readNestedType(reader: ByteReader, scope: Scope, code: number, at: number): ComponentType | InstanceType {
  const open: OpenType[] = [];
  const begin = (parent: Scope, component: boolean, typeAt: number) => {
    if (open.length === MAX_TYPE_NESTING) {
      throw new DecodeError(`component and instance types nest deeper than ${MAX_TYPE_NESTING} levels`, typeAt);
    }
    open.push({ scope: new Scope(parent), component, left: reader.count('declarations'), at: typeAt });
  };
  begin(scope, code === 0x41, at);
  for (;;) {
    const top = open.at(-1)!;
    if (top.left === 0) {
      open.pop();
      const { imports, exports } = top.scope;
      const type = top.component
        ? ({ kind: 'component', imports, exports } satisfies ComponentType)
        : ({ kind: 'instance', exports } satisfies InstanceType);
      const parent = open.at(-1);
      if (!parent) return type;
      parent.scope.types.push(type);
      continue;
    }
    top.left--;
    const declarationAt = reader.position;
    const tag = reader.u8('a declaration');
    const inner = tag === 0x01 ? reader.peek('a type definition') : undefined;
    if (inner === 0x41 || inner === 0x42) {
      reader.u8();
      begin(top.scope, inner === 0x41, declarationAt + 1);
    } else {
      readDeclaration(reader, top.scope, top.component, tag, declarationAt);
    }
  }
}

/** One declaration of a component or instance type, other than a nested component or instance type. */
function readDeclaration(reader: ByteReader, scope: Scope, component: boolean, tag: number, at: number): void {
  if (tag === 0x03 && component) {
    const name = readExternName(reader);
    scope.addImport(name, readExternDesc(reader, scope, name.name));
  } else if (tag === 0x00) {
    // A core type (e.g. a module type for an imported core module): it has no component index.
    skipCoreType(reader);
  } else if (tag === 0x01) {
    scope.types.push(readDefType(reader, scope));
  } else if (tag === 0x02) {
    scope.add(readAlias(reader, scope));
  } else if (tag === 0x04) {
    const name = readExternName(reader);
    scope.addExport(name, readExternDesc(reader, scope, name.name));
  } else {
    throw new DecodeError(`unknown declaration 0x${hex(tag)}`, at);
  }
}

function readDefType(reader: ByteReader, scope: Scope): TypeDef {
  const at = reader.position;
  const code = reader.u8('a type definition');
  switch (code) {
    case 0x40:
      return readFuncType(reader, scope, false);
    case 0x43:
      return readFuncType(reader, scope, true);
    case 0x41:
    case 0x42:
      return readNestedType(reader, scope, code, at);
    case 0x3f:
    case 0x3e: {
      // `0x3e` (a resource with an async callback) was dropped from the proposal; older binaries may still have it.
      skipCoreValType(reader);
      reader.optional(() => reader.u32('a destructor'), 'a resource destructor');
      if (code === 0x3e) reader.optional(() => reader.u32('a callback'), 'a resource callback');
      return { kind: 'resource', name: `resource${scope.types.length}` };
    }
    default:
      return readDefValType(reader, scope, code, at);
  }
}

/** Canonical definitions: only `lift` makes a component function; the rest make core functions. */
function readCanonical(reader: ByteReader, scope: Scope): null {
  const at = reader.position;
  const op = reader.u8('a canonical definition');
  if (op === 0x00) {
    expectByte(reader, 0x00, 'canon lift');
    reader.u32('a core function index');
    readCanonOptions(reader);
    const type = scope.type(reader.u32('a function type index'), at);
    scope.funcs.push(
      type.kind === 'func' || type.kind === 'unknown' ? type : unknown('lifted with a non-function type'),
    );
    return null;
  }
  if (op === 0x01) {
    expectByte(reader, 0x00, 'canon lower');
    reader.u32('a function index');
    readCanonOptions(reader);
    return null;
  }
  skipCanonBuiltin(reader, op, at);
  return null;
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
      const name = readExternName(reader).name;
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
const PARSED_SECTIONS = new Set([5, 6, 7, 8, 10, 11]);

/** A component whose sections are being read: the rest of its bytes, and its index spaces. */
interface OpenComponent {
  reader: ByteReader;
  scope: Scope;
  at: number;
}

/** A nested component's section: its header is checked here, its sections are read by the caller's loop. */
function openNestedComponent(section: ByteReader, scope: Scope): OpenComponent {
  const at = section.position;
  const header = section.take(8, 'a nested component header');
  if (sniffBinary(header).kind !== 'component') {
    throw new DecodeError('a nested component does not start with a component header', at);
  }
  return { reader: section, scope: new Scope(scope), at };
}

function readExport(section: ByteReader, scope: Scope): null {
  const name = readExternName(section);
  const at = section.position;
  const sort = readSort(section);
  const index = section.u32('an export index');
  const ascribed = section.optional(() => readExternDesc(section, scope, name.name), 'an export type');
  scope.addExport(name, ascribed ?? scope.extern(sort, index, at));
  return null;
}

/**
 * A component's sections, and those of the components nested in it. Like types, components nest as deeply as
 * the bytes allow (wasm-tools accepts tens of thousands of levels): the components still open are kept on a stack
 * of their own rather than the call stack.
 */
function readComponentBody(reader: ByteReader, scope: Scope, summary: ComponentSummary): void {
  const open: OpenComponent[] = [{ reader, scope, at: reader.position }];
  while (open.length > 0) {
    const top = open.at(-1)!;
    if (top.reader.done) {
      open.pop();
      const { imports, exports } = top.scope;
      open.at(-1)?.scope.components.push({ kind: 'component', imports, exports });
      continue;
    }
    const nested = readSection(top.reader, top.scope, open.length === 1 ? summary : undefined);
    if (nested && open.length > MAX_COMPONENT_NESTING) {
      throw new DecodeError(`components nest deeper than ${MAX_COMPONENT_NESTING} levels`, nested.at);
    }
    if (nested) open.push(nested);
  }
}

/** One section; a nested component's is only opened, and returned for the caller's loop to read. */
function readSection(reader: ByteReader, scope: Scope, summary?: ComponentSummary): OpenComponent | undefined {
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
    case 4:
      return openNestedComponent(section, scope);
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
      section.vec(() => readCanonical(section, scope), 'canonical definitions');
      break;
    case 10:
      section.vec(() => {
        const name = readExternName(section);
        scope.addImport(name, readExternDesc(section, scope, name.name));
        return null;
      }, 'imports');
      break;
    case 11:
      section.vec(() => readExport(section, scope), 'exports');
      break;
    default:
      throw new DecodeError(`unknown section id ${id}`, reader.position - size);
  }
  if (!section.done && PARSED_SECTIONS.has(id)) {
    throw new DecodeError(`section ${id} has ${section.end - section.position} bytes left over`, section.position);
  }
  return undefined;
}

/** Reads a component binary (the 8-byte header must already be known to be a component's). */
export function readComponent(bytes: Uint8Array): ComponentSummary {
  const reader = new ByteReader(bytes, 8);
  const scope = new Scope(undefined);
  const summary: ComponentSummary = {
    imports: scope.imports,
    exports: scope.exports,
    implements: { imports: scope.importsImplement, exports: scope.exportsImplement },
    coreModules: 0,
    customSections: [],
  };
  readComponentBody(reader, scope, summary);
  return summary;
}
