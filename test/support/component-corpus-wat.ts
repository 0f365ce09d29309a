/**
 * A second reading of a component, from the text wasm-tools prints for it (jco's `print`: wasmprinter over
 * wasmparser). wasmparser decodes every byte, so what the printed text says is wasm-tools' reading of the
 * binary; this module follows the printed forms through the same index spaces the binary reader keeps and
 * builds the same kind of summary, so the two can be compared item by item.
 *
 * Printed text is regular: definitions are `(kind $id? (;index;)? …)`, references are `$id` or a number, and
 * every type is referred to by index. Core modules are skipped unparsed: nothing in them is compared.
 */
import type {
  ComponentType,
  ExternType,
  FuncType,
  InstanceType,
  Labelled,
  PrimitiveName,
  TypeDef,
  UnknownType,
  ValType,
} from '../../src/wasm/component-types.ts';

interface Str {
  str: string;
}
interface Index {
  index: number;
}
export type Node = string | Str | Index | Node[];

const isList = (node: Node | undefined): node is Node[] => Array.isArray(node);
const isStr = (node: Node | undefined): node is Str => typeof node === 'object' && node !== null && 'str' in node;
const isIndex = (node: Node | undefined): node is Index => typeof node === 'object' && node !== null && 'index' in node;

/** The index after the parenthesised group that starts at `from`, stepping over strings and comments. */
function skipGroup(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (char === ';' && text[i + 1] === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unbalanced parentheses in printed text');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A WAT string literal starting at `from` (the opening quote): its bytes as UTF-8, and the index after it. */
function readString(text: string, from: number): [string, number] {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = from + 1;
  for (; text[i] !== '"'; i++) {
    const char = text[i]!;
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = text[++i]!;
    const simple: Record<string, number> = { t: 9, n: 10, r: 13, '"': 34, "'": 39, '\\': 92 };
    if (next in simple) bytes.push(simple[next]!);
    else if (next === 'u') {
      const end = text.indexOf('}', i);
      bytes.push(...encoder.encode(String.fromCodePoint(Number.parseInt(text.slice(i + 2, end), 16))));
      i = end;
    } else {
      bytes.push(Number.parseInt(text.slice(i, i + 2), 16));
      i++;
    }
  }
  return [utf8.decode(new Uint8Array(bytes)), i + 1];
}

/**
 * The printed text as nested lists: atoms as strings, string literals as `{ str }`, index comments `(;3;)` as
 * `{ index }`. Annotations (`(@name …)`, `(@producers …)`) are dropped; core modules become `['core', 'module']`.
 */
export function parseText(text: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (let i = 0; i < text.length; ) {
    const char = text[i]!;
    const top = stack[stack.length - 1]!;
    if (char === '(' && text[i + 1] === ';') {
      const end = text.indexOf(';)', i);
      const inside = text.slice(i + 2, end);
      if (/^\d+$/.test(inside)) top.push({ index: Number(inside) });
      i = end + 2;
    } else if (char === '(' && (text[i + 1] === '@' || /^\(core module[\s)]/.test(text.slice(i, i + 13)))) {
      if (text[i + 1] !== '@') top.push(['core', 'module']);
      i = skipGroup(text, i);
    } else if (char === '(') {
      const list: Node[] = [];
      top.push(list);
      stack.push(list);
      i++;
    } else if (char === ')') {
      stack.pop();
      i++;
    } else if (char === '"') {
      const [str, next] = readString(text, i);
      top.push({ str });
      i = next;
    } else if (/\s/.test(char)) {
      i++;
    } else {
      // An atom; `$"…"` is an identifier written as a string, kept raw (definitions and uses print it alike).
      let end = i;
      if (text.startsWith('$"', i)) end = readString(text, i + 1)[1];
      else while (end < text.length && !/[\s()"]/.test(text[end]!)) end++;
      top.push(text.slice(i, end));
      i = end;
    }
  }
  return root;
}

type Space = 'type' | 'func' | 'instance' | 'component' | 'value';

/** The printed reading of a component: what the binary reader's `ComponentSummary` holds, less custom sections. */
export interface PrintedSummary {
  imports: Map<string, ExternType>;
  exports: Map<string, ExternType>;
  implements: { imports: Map<string, string>; exports: Map<string, string> };
  coreModules: number;
}

const PRIMITIVE_NAMES = new Set<string>([
  'bool',
  's8',
  'u8',
  's16',
  'u16',
  's32',
  'u32',
  's64',
  'u64',
  'f32',
  'f64',
  'char',
  'string',
  'error-context',
]);

class TextScope {
  readonly types: TypeDef[] = [];
  readonly funcs: (FuncType | UnknownType)[] = [];
  readonly instances: (InstanceType | UnknownType)[] = [];
  readonly components: (ComponentType | UnknownType)[] = [];
  readonly imports = new Map<string, ExternType>();
  readonly exports = new Map<string, ExternType>();
  readonly importsImplement = new Map<string, string>();
  readonly exportsImplement = new Map<string, string>();
  readonly ids = new Map<string, number>();
  readonly parent: TextScope | undefined;
  /** A component's own `$name`: printed outer aliases name the component they reach instead of counting. */
  readonly name: string | undefined;
  coreModules = 0;

  constructor(parent: TextScope | undefined, name: string | undefined) {
    this.parent = parent;
    this.name = name;
  }

  space(space: Space): unknown[] | undefined {
    if (space === 'type') return this.types;
    if (space === 'func') return this.funcs;
    if (space === 'instance') return this.instances;
    if (space === 'component') return this.components;
    return undefined;
  }

  /** A reference: a number, or an identifier this scope defined. */
  resolve(space: Space, ref: Node | undefined): number {
    if (typeof ref !== 'string') throw new Error(`expected a ${space} reference, found ${JSON.stringify(ref)}`);
    if (/^\d+$/.test(ref)) return Number(ref);
    const index = this.ids.get(`${space} ${ref}`);
    if (index === undefined) throw new Error(`unknown ${space} ${ref}`);
    return index;
  }

  /** An outer alias's count: a number, or the name of the enclosing component it reaches. */
  outer(count: Node | undefined): TextScope {
    let scope: TextScope | undefined = this;
    if (typeof count === 'string' && count.startsWith('$')) {
      while (scope && scope.name !== count) scope = scope.parent;
    } else {
      for (let i = 0; i < Number(count) && scope; i++) scope = scope.parent;
    }
    if (!scope) throw new Error(`outer alias ${String(count)} reaches past the outermost component`);
    return scope;
  }

  item(space: Space | 'core', ref: Node | undefined): ExternType {
    if (space === 'core') return { sort: 'module' };
    if (space === 'value') return { sort: 'value' };
    const index = this.resolve(space, ref);
    const item = this.space(space)![index];
    if (item === undefined) throw new Error(`${space} index ${index} is out of bounds`);
    return { sort: space, type: item } as ExternType;
  }

  /** Adds an item to its space; the printed `(;n;)` must be the index it lands on. */
  add(item: ExternType, definition?: Definition): void {
    if (item.sort === 'module' || item.sort === 'value') return;
    const space = this.space(item.sort)!;
    if (definition?.index !== undefined && definition.index !== space.length) {
      throw new Error(`printed index ${definition.index} for a ${item.sort}, but ${space.length} are defined`);
    }
    if (definition?.id) this.ids.set(`${item.sort} ${definition.id}`, space.length);
    space.push(item.type);
  }
}

/** `$id? (;n;)?` after a definition's keyword, and what follows them. */
interface Definition {
  id?: string;
  index?: number;
  rest: Node[];
}

function definition(list: Node[], from: number): Definition {
  let at = from;
  const found: Definition = { rest: [] };
  if (typeof list[at] === 'string' && (list[at] as string).startsWith('$')) found.id = list[at++] as string;
  const index = list[at];
  if (isIndex(index)) {
    found.index = index.index;
    at++;
  }
  found.rest = list.slice(at);
  return found;
}

function unknown(reason: string): UnknownType {
  return { kind: 'unknown', reason };
}

function str(node: Node | undefined, what: string): string {
  if (!isStr(node)) throw new Error(`expected ${what}, found ${JSON.stringify(node)}`);
  return node.str;
}

function readValType(node: Node | undefined, scope: TextScope): ValType {
  if (typeof node === 'string' && PRIMITIVE_NAMES.has(node)) return { kind: 'primitive', name: node as PrimitiveName };
  const type = scope.types[scope.resolve('type', node)];
  if (!type || type.kind === 'unknown' || type.kind === 'func' || type.kind === 'instance') {
    throw new Error(`type ${String(node)} is not a value type`);
  }
  if (type.kind === 'component' || type.kind === 'resource')
    throw new Error(`type ${String(node)} is not a value type`);
  return type;
}

function readDefType(node: Node | undefined, scope: TextScope, index: number): TypeDef {
  if (typeof node === 'string') return readValType(node, scope);
  if (!isList(node)) throw new Error(`expected a type definition, found ${JSON.stringify(node)}`);
  const [head, ...args] = node;
  const val = (n: Node | undefined) => readValType(n, scope);
  const optional = (n: Node | undefined) => (n === undefined ? undefined : val(n));
  switch (head) {
    case 'func':
      return readFuncType(args, scope);
    case 'component': {
      const inner = readDeclarations(args, scope, undefined);
      return { kind: 'component', imports: inner.imports, exports: inner.exports };
    }
    case 'instance':
      return { kind: 'instance', exports: readDeclarations(args, scope, undefined).exports };
    case 'resource':
      return { kind: 'resource', name: `resource${index}` };
    case 'record':
      return { kind: 'record', fields: args.map((field) => labelled(field, scope)) };
    case 'variant':
      return {
        kind: 'variant',
        cases: args.map((c) => {
          const [, name, type] = c as Node[];
          return type === undefined ? { name: str(name, 'a case') } : { name: str(name, 'a case'), type: val(type) };
        }),
      };
    case 'list':
      return args.length === 2
        ? { kind: 'list', element: val(args[0]), length: Number(args[1]) }
        : { kind: 'list', element: val(args[0]) };
    case 'map':
      return { kind: 'map', key: val(args[0]), value: val(args[1]) };
    case 'tuple':
      return { kind: 'tuple', types: args.map(val) };
    case 'flags':
      return { kind: 'flags', names: args.map((n) => str(n, 'a flag')) };
    case 'enum':
      return { kind: 'enum', names: args.map((n) => str(n, 'a case')) };
    case 'option':
      return { kind: 'option', type: val(args[0]) };
    case 'result': {
      const error = args.find((a) => isList(a) && a[0] === 'error') as Node[] | undefined;
      const ok = args.find((a) => !(isList(a) && a[0] === 'error'));
      return {
        kind: 'result',
        ...(ok !== undefined && { ok: val(ok) }),
        ...(error && { error: val(error[1]) }),
      };
    }
    case 'own':
    case 'borrow': {
      const resource = scope.types[scope.resolve('type', args[0])];
      if (resource?.kind !== 'resource') throw new Error(`${head} of a type that is not a resource`);
      return { kind: head, resource };
    }
    case 'stream':
    case 'future': {
      const type = optional(args[0]);
      return { kind: head, ...(type && { type }) };
    }
    default:
      throw new Error(`unknown type definition ${String(head)}`);
  }
}

function labelled(node: Node, scope: TextScope): Labelled {
  const [, name, type] = node as Node[];
  return { name: str(name, 'a label'), type: readValType(type, scope) };
}

function readFuncType(args: Node[], scope: TextScope): FuncType {
  const isAsync = args[0] === 'async';
  const parts = (isAsync ? args.slice(1) : args) as Node[][];
  const params = parts.filter((p) => p[0] === 'param').map((p) => labelled(p, scope));
  const result = parts.find((p) => p[0] === 'result');
  return {
    kind: 'func',
    async: isAsync,
    params,
    result: result ? readValType(result[1], scope) : undefined,
  };
}

/** An extern name and its options: `"name" (implements "…")? (versionsuffix "…")? (external-id "…")?`. */
function externName(list: Node[], at: number): { name: string; implements?: string; next: number } {
  const name = str(list[at], 'a name');
  let implementsName: string | undefined;
  let next = at + 1;
  for (
    ;
    isList(list[next]) && /^(implements|versionsuffix|external-id)$/.test(String((list[next] as Node[])[0]));
    next++
  ) {
    const option = list[next] as Node[];
    if (option[0] === 'implements') implementsName = str(option[1], 'an interface');
  }
  return { name, ...(implementsName !== undefined && { implements: implementsName }), next };
}

/** An import's or export's type: `(func (type 3))`, `(type (eq 2))`, `(type (sub resource))`, `(value u8)`… */
function readExternDesc(node: Node | undefined, scope: TextScope, name: string): [ExternType, Definition?] {
  if (!isList(node)) throw new Error(`expected an extern descriptor, found ${JSON.stringify(node)}`);
  if (node[0] === 'core') return [{ sort: 'module' }];
  const def = definition(node, 1);
  const typeRef = (kind: TypeDef['kind']) => {
    const ref = def.rest[0] as Node[];
    const type = scope.types[scope.resolve('type', ref[1])];
    if (!type) throw new Error(`type ${String(ref[1])} is out of bounds`);
    if (type.kind !== kind && type.kind !== 'unknown') throw new Error(`a ${kind} refers to a ${type.kind} type`);
    return type;
  };
  switch (node[0]) {
    case 'func':
      return [{ sort: 'func', type: typeRef('func') as FuncType }, def];
    case 'instance':
      return [{ sort: 'instance', type: typeRef('instance') as InstanceType }, def];
    case 'component':
      return [{ sort: 'component', type: typeRef('component') as ComponentType }, def];
    case 'value':
      return [{ sort: 'value' }, def];
    case 'type': {
      const bound = def.rest[0] as Node[];
      if (bound[0] === 'sub') return [{ sort: 'type', type: { kind: 'resource', name } }, def];
      return [{ sort: 'type', type: scope.types[scope.resolve('type', bound[1])]! }, def];
    }
    default:
      throw new Error(`unknown extern descriptor ${String(node[0])}`);
  }
}

/** `(alias export $i "name" (func $f (;0;)))` or `(alias outer $c $t (type (;1;)))`; core aliases add nothing. */
function readAlias(list: Node[], scope: TextScope): void {
  if (list[1] === 'core') return;
  const target = list[list.length - 1] as Node[];
  if (target[0] === 'core') return;
  const space = target[0] as Space;
  const def = definition(target, 1);
  if (list[1] === 'export') {
    const instance = scope.instances[scope.resolve('instance', list[2])];
    if (!instance) throw new Error(`instance ${String(list[2])} is out of bounds`);
    const name = str(list[3], 'an export name');
    if (instance.kind === 'unknown') {
      scope.add({ sort: space, type: instance } as ExternType, def);
      return;
    }
    const item = instance.exports.get(name);
    if (!item) throw new Error(`instance ${String(list[2])} has no export ${name}`);
    scope.add(item, def);
    return;
  }
  scope.add(scope.outer(list[2]).item(space, list[3]), def);
}

/** A component or instance type's declarations. */
function readDeclarations(decls: Node[], parent: TextScope, name: string | undefined): TextScope {
  const scope = new TextScope(parent, name);
  for (const decl of decls) {
    if (!isList(decl)) continue;
    switch (decl[0]) {
      case 'type': {
        const def = definition(decl, 1);
        scope.add({ sort: 'type', type: readDefType(def.rest[0], scope, scope.types.length) }, def);
        break;
      }
      case 'alias':
        readAlias(decl, scope);
        break;
      case 'import': {
        const name = externName(decl, 1);
        const [item, def] = readExternDesc(decl[name.next], scope, name.name);
        scope.imports.set(name.name, item);
        if (name.implements !== undefined) scope.importsImplement.set(name.name, name.implements);
        scope.add(item, def);
        break;
      }
      case 'export': {
        const def = definition(decl, 1);
        const name = externName(def.rest, 0);
        const [item] = readExternDesc(def.rest[name.next], scope, name.name);
        scope.exports.set(name.name, item);
        if (name.implements !== undefined) scope.exportsImplement.set(name.name, name.implements);
        scope.add(item, def);
        break;
      }
      default:
        break; // core types
    }
  }
  return scope;
}

function readInstance(list: Node[], scope: TextScope): void {
  const def = definition(list, 1);
  const expression = def.rest[0];
  if (isList(expression) && expression[0] === 'instantiate') {
    const component = scope.components[scope.resolve('component', expression[1])];
    if (!component) throw new Error(`component ${String(expression[1])} is out of bounds`);
    scope.add(
      {
        sort: 'instance',
        type: component.kind === 'unknown' ? component : { kind: 'instance', exports: component.exports },
      },
      def,
    );
    return;
  }
  const exports = new Map<string, ExternType>();
  for (const item of def.rest as Node[][]) {
    const name = externName(item, 1);
    const ref = item[name.next] as Node[];
    const space = (ref[0] === 'core' ? 'core' : ref[0]) as Space | 'core';
    exports.set(name.name, scope.item(space, ref[ref.length - 1]));
  }
  scope.add({ sort: 'instance', type: { kind: 'instance', exports } }, def);
}

/** `(export $id? (;n;)? "name" options (sort ref) ascribed-type?)` in a component. */
function readExport(list: Node[], scope: TextScope): void {
  const def = definition(list, 1);
  const name = externName(def.rest, 0);
  const ref = def.rest[name.next] as Node[];
  const ascribed = def.rest[name.next + 1];
  const space = (ref[0] === 'core' ? 'core' : ref[0]) as Space | 'core';
  const item = ascribed ? readExternDesc(ascribed, scope, name.name)[0] : scope.item(space, ref[ref.length - 1]);
  scope.exports.set(name.name, item);
  if (name.implements !== undefined) scope.exportsImplement.set(name.name, name.implements);
  scope.add(item, def);
}

function readComponentBody(forms: Node[], scope: TextScope): void {
  for (const form of forms) {
    if (!isList(form)) continue;
    switch (form[0]) {
      case 'core':
        if (form[1] === 'module') scope.coreModules++;
        break;
      case 'type': {
        const def = definition(form, 1);
        scope.add({ sort: 'type', type: readDefType(def.rest[0], scope, scope.types.length) }, def);
        break;
      }
      case 'import': {
        const name = externName(form, 1);
        const [item, def] = readExternDesc(form[name.next], scope, name.name);
        scope.imports.set(name.name, item);
        if (name.implements !== undefined) scope.importsImplement.set(name.name, name.implements);
        scope.add(item, def);
        break;
      }
      case 'export':
        readExport(form, scope);
        break;
      case 'alias':
        readAlias(form, scope);
        break;
      case 'func': {
        // `(func $f? (;n;)? (type t) (canon lift …))`: the only component functions a canonical definition makes.
        const def = definition(form, 1);
        const type = scope.types[scope.resolve('type', (def.rest[0] as Node[])[1])];
        const func = type?.kind === 'func' ? type : unknown('lifted with a non-function type');
        scope.add({ sort: 'func', type: func }, def);
        break;
      }
      case 'component': {
        const def = definition(form, 1);
        const inner = new TextScope(scope, def.id);
        readComponentBody(def.rest, inner);
        scope.add(
          { sort: 'component', type: { kind: 'component', imports: inner.imports, exports: inner.exports } },
          def,
        );
        break;
      }
      case 'instance':
        readInstance(form, scope);
        break;
      default:
        break; // start functions
    }
  }
}

/** Reads the text `print` gives for a component. */
export function readPrinted(text: string): PrintedSummary {
  const [root] = parseText(text);
  if (!isList(root) || root[0] !== 'component') throw new Error('the printed text is not a component');
  const def = definition(root, 1);
  const scope = new TextScope(undefined, def.id);
  readComponentBody(def.rest, scope);
  return {
    imports: scope.imports,
    exports: scope.exports,
    implements: { imports: scope.importsImplement, exports: scope.exportsImplement },
    coreModules: scope.coreModules,
  };
}
