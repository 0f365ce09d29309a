/**
 * The component-level type model: enough of the component model's types to say what a component imports
 * and exports, with every function's exact signature, and to print them in WIT syntax.
 */
export type PrimitiveName =
  | 'bool'
  | 's8'
  | 'u8'
  | 's16'
  | 'u16'
  | 's32'
  | 'u32'
  | 's64'
  | 'u64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string'
  | 'error-context';

export type ValType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'list'; element: ValType; length?: number }
  | { kind: 'map'; key: ValType; value: ValType }
  | { kind: 'record'; fields: Labelled[] }
  | { kind: 'tuple'; types: ValType[] }
  | { kind: 'variant'; cases: { name: string; type?: ValType }[] }
  | { kind: 'enum'; names: string[] }
  | { kind: 'flags'; names: string[] }
  | { kind: 'option'; type: ValType }
  | { kind: 'result'; ok?: ValType; error?: ValType }
  | { kind: 'own' | 'borrow'; resource: ResourceType }
  | { kind: 'stream' | 'future'; type?: ValType };

export interface Labelled {
  name: string;
  type: ValType;
}

export interface FuncType {
  kind: 'func';
  async: boolean;
  params: Labelled[];
  /** One unnamed result, a list of named results (older encodings), or none. */
  result: ValType | Labelled[] | undefined;
}

export interface ResourceType {
  kind: 'resource';
  /** The name it was imported or exported under, when known; resources are compared by identity. */
  name: string;
}

export interface InstanceType {
  kind: 'instance';
  exports: Map<string, ExternType>;
}

export interface ComponentType {
  kind: 'component';
  imports: Map<string, ExternType>;
  exports: Map<string, ExternType>;
}

/** A type index that could not be resolved; kept so that later indices stay aligned. */
export interface UnknownType {
  kind: 'unknown';
  reason: string;
}

export type TypeDef = ValType | FuncType | ResourceType | InstanceType | ComponentType | UnknownType;

export type ExternType =
  | { sort: 'func'; type: FuncType | UnknownType }
  | { sort: 'instance'; type: InstanceType | UnknownType }
  | { sort: 'component'; type: ComponentType | UnknownType }
  | { sort: 'type'; type: TypeDef }
  | { sort: 'module' }
  | { sort: 'value' };

/**
 * The most characters a rendered type takes (in a message, in the job summary); a longer one ends in `…`. Types are
 * shared by index, so a few bytes can describe a type whose text is exponential: rendering stops at the limit
 * instead of walking it all.
 */
export const RENDER_LIMIT = 2000;

/** Text built up to a limit; once full, writers stop walking the type. */
class BoundedText {
  text = '';
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  get full(): boolean {
    return this.text.length >= this.limit;
  }
  write(piece: string): void {
    if (!this.full) this.text += piece;
  }
  /** Writes each item with `write`, separated by `, `, stopping when full. */
  list<T>(items: readonly T[], write: (item: T) => void): void {
    items.some((item, index) => {
      if (index > 0) this.write(', ');
      write(item);
      return this.full;
    });
  }
  toString(): string {
    return this.full ? `${this.text.slice(0, this.limit)}…` : this.text;
  }
}

function writeValType(out: BoundedText, type: ValType): void {
  if (out.full) return;
  const inner = (before: string, types: ValType[], after: string) => {
    out.write(before);
    out.list(types, (item) => writeValType(out, item));
    out.write(after);
  };
  switch (type.kind) {
    case 'primitive':
      out.write(type.name);
      return;
    case 'list':
      out.write('list<');
      writeValType(out, type.element);
      out.write(type.length === undefined ? '>' : `, ${type.length}>`);
      return;
    case 'map':
      inner('map<', [type.key, type.value], '>');
      return;
    case 'record':
      out.write('record { ');
      out.list(type.fields, (field) => {
        out.write(`${field.name}: `);
        writeValType(out, field.type);
      });
      out.write(' }');
      return;
    case 'tuple':
      inner('tuple<', type.types, '>');
      return;
    case 'variant':
      out.write('variant { ');
      out.list(type.cases, (c) => {
        out.write(c.name);
        if (c.type) inner('(', [c.type], ')');
      });
      out.write(' }');
      return;
    case 'enum':
    case 'flags':
      out.write(`${type.kind} { `);
      out.list(type.names, (name) => out.write(name));
      out.write(' }');
      return;
    case 'option':
      inner('option<', [type.type], '>');
      return;
    case 'result':
      if (!type.ok && !type.error) out.write('result');
      else if (!type.error) inner('result<', [type.ok!], '>');
      else {
        out.write('result<');
        if (type.ok) writeValType(out, type.ok);
        else out.write('_');
        inner(', ', [type.error], '>');
      }
      return;
    case 'own':
      out.write(type.resource.name);
      return;
    case 'borrow':
      out.write(`borrow<${type.resource.name}>`);
      return;
    case 'stream':
    case 'future':
      if (type.type) inner(`${type.kind}<`, [type.type], '>');
      else out.write(type.kind);
      return;
  }
}

function writeFunc(out: BoundedText, func: FuncType): void {
  out.write(`${func.async ? 'async ' : ''}func(`);
  out.list(func.params, (param) => {
    out.write(`${param.name}: `);
    writeValType(out, param.type);
  });
  out.write(')');
  const { result } = func;
  if (result === undefined || (Array.isArray(result) && result.length === 0)) return;
  if (!Array.isArray(result)) {
    out.write(' -> ');
    writeValType(out, result);
    return;
  }
  out.write(' -> (');
  out.list(result, (named) => {
    out.write(`${named.name}: `);
    writeValType(out, named.type);
  });
  out.write(')');
}

export function renderValType(type: ValType, limit = RENDER_LIMIT): string {
  const out = new BoundedText(limit);
  writeValType(out, type);
  return out.toString();
}

/** `func(event: list<u8>)`, as WIT writes it (cut at `limit` characters). */
export function renderFunc(func: FuncType, limit = RENDER_LIMIT): string {
  const out = new BoundedText(limit);
  writeFunc(out, func);
  return out.toString();
}

/**
 * Whether two functions take and return the same values, compared structurally (never by their text, which can be
 * exponential): with `paramNames`, their parameters must also have the same names.
 */
export function sameFunc(a: FuncType, b: FuncType, { paramNames }: { paramNames: boolean }): boolean {
  if (a.async !== b.async || a.params.length !== b.params.length) return false;
  const same = new TypeComparison();
  const paramsMatch = a.params.every(
    (param, index) =>
      (!paramNames || param.name === b.params[index]!.name) && same.valTypes(param.type, b.params[index]!.type),
  );
  return paramsMatch && same.results(a.result, b.result);
}

/** Structural equality of value types; pairs already found equal are remembered, so shared types cost once. */
class TypeComparison {
  readonly #equal = new Map<ValType, Set<ValType>>();

  results(a: FuncType['result'], b: FuncType['result']): boolean {
    const none = (result: FuncType['result']) => result === undefined || (Array.isArray(result) && !result.length);
    if (none(a) || none(b)) return none(a) && none(b);
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (!Array.isArray(a) || !Array.isArray(b)) return this.valTypes(a as ValType, b as ValType);
    return this.labelled(a, b);
  }

  valTypes(a: ValType | undefined, b: ValType | undefined): boolean {
    if (a === b) return true;
    if (!a || !b || a.kind !== b.kind) return false;
    if (this.#equal.get(a)?.has(b)) return true;
    if (!this.#compare(a, b)) return false;
    const known = this.#equal.get(a) ?? new Set<ValType>();
    known.add(b);
    this.#equal.set(a, known);
    return true;
  }

  labelled(a: Labelled[], b: Labelled[]): boolean {
    return (
      a.length === b.length && a.every((item, i) => item.name === b[i]!.name && this.valTypes(item.type, b[i]!.type))
    );
  }

  #all(a: ValType[], b: ValType[]): boolean {
    return a.length === b.length && a.every((item, i) => this.valTypes(item, b[i]));
  }

  #compare(a: ValType, b: ValType): boolean {
    const names = (x: string[], y: string[]) => x.length === y.length && x.every((name, i) => name === y[i]);
    switch (a.kind) {
      case 'primitive':
        return a.name === (b as typeof a).name;
      case 'list':
        return a.length === (b as typeof a).length && this.valTypes(a.element, (b as typeof a).element);
      case 'map':
        return this.#all([a.key, a.value], [(b as typeof a).key, (b as typeof a).value]);
      case 'record':
        return this.labelled(a.fields, (b as typeof a).fields);
      case 'tuple':
        return this.#all(a.types, (b as typeof a).types);
      case 'variant': {
        const cases = (b as typeof a).cases;
        return (
          a.cases.length === cases.length &&
          a.cases.every((c, i) => c.name === cases[i]!.name && this.valTypes(c.type, cases[i]!.type))
        );
      }
      case 'enum':
      case 'flags':
        return names(a.names, (b as typeof a).names);
      case 'option':
        return this.valTypes(a.type, (b as typeof a).type);
      case 'result':
        return this.valTypes(a.ok, (b as typeof a).ok) && this.valTypes(a.error, (b as typeof a).error);
      case 'own':
      case 'borrow':
        return a.resource.name === (b as typeof a).resource.name;
      case 'stream':
      case 'future':
        return this.valTypes(a.type, (b as typeof a).type);
    }
  }
}
