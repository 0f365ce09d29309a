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

export function renderValType(type: ValType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'list':
      return type.length === undefined
        ? `list<${renderValType(type.element)}>`
        : `list<${renderValType(type.element)}, ${type.length}>`;
    case 'record':
      return `record { ${type.fields.map((f) => `${f.name}: ${renderValType(f.type)}`).join(', ')} }`;
    case 'tuple':
      return `tuple<${type.types.map(renderValType).join(', ')}>`;
    case 'variant': {
      const cases = type.cases.map((c) => (c.type ? `${c.name}(${renderValType(c.type)})` : c.name));
      return `variant { ${cases.join(', ')} }`;
    }
    case 'enum':
      return `enum { ${type.names.join(', ')} }`;
    case 'flags':
      return `flags { ${type.names.join(', ')} }`;
    case 'option':
      return `option<${renderValType(type.type)}>`;
    case 'result':
      if (!type.ok && !type.error) return 'result';
      if (!type.error) return `result<${renderValType(type.ok!)}>`;
      return `result<${type.ok ? renderValType(type.ok) : '_'}, ${renderValType(type.error)}>`;
    case 'own':
      return type.resource.name;
    case 'borrow':
      return `borrow<${type.resource.name}>`;
    case 'stream':
    case 'future':
      return type.type ? `${type.kind}<${renderValType(type.type)}>` : type.kind;
  }
}

function renderResult(result: FuncType['result']): string {
  if (result === undefined) return '';
  if (Array.isArray(result)) {
    if (result.length === 0) return '';
    return ` -> (${result.map((r) => `${r.name}: ${renderValType(r.type)}`).join(', ')})`;
  }
  return ` -> ${renderValType(result)}`;
}

/** `func(event: list<u8>)`, as WIT writes it. */
export function renderFunc(func: FuncType): string {
  const params = func.params.map((p) => `${p.name}: ${renderValType(p.type)}`).join(', ');
  return `${func.async ? 'async ' : ''}func(${params})${renderResult(func.result)}`;
}

/** The signature without parameter names: two functions with equal shapes take and return the same values. */
export function funcShape(func: FuncType): string {
  const params = func.params.map((p) => renderValType(p.type)).join(', ');
  return `${func.async ? 'async ' : ''}func(${params})${renderResult(func.result)}`;
}

export function isFunc(type: TypeDef): type is FuncType {
  return type.kind === 'func';
}
