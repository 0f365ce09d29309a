/**
 * The WIT of a component whose world the action's reader can print exactly as `wasm-tools component wit` does: one
 * that imports nothing and exports only interfaces of plain functions (every view that passes validation). Printing
 * it here saves starting a process beside the validator; any other component (imports, top-level functions, named
 * types, resources, docs, names that WIT must escape) gets undefined, and its WIT comes from wasm-tools.
 */
import type { ComponentSummary } from './component-reader.ts';
import { type FuncType, renderFunc, type ValType } from './component-types.ts';

/** `ns:pkg/iface@version`, the name an exported interface has. */
const INTERFACE_NAME = /^([a-z][a-z0-9-]*:[a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(@[0-9A-Za-z.+-]+)?$/;

/** Words WIT reserves: a function or parameter so named is printed `%name`, which is left to wasm-tools. */
const KEYWORDS = new Set(
  (
    'as async bool borrow char constructor enum error-context export f32 f64 flags float32 float64 from func ' +
    'future import include interface list map option own package record resource result s16 s32 s64 s8 static ' +
    'stream string tuple type u16 u32 u64 u8 use variant with world _'
  ).split(' '),
);

/** More text than a plain world of plain functions takes: a longer one is not printed here. */
const TEXT_LIMIT = 100_000;

export function plainWorldWit(summary: ComponentSummary): string | undefined {
  if (summary.imports.size > 0 || summary.exports.size === 0) return undefined;
  if (summary.customSections.includes('package-docs')) return undefined;
  const packages = new Map<string, Array<[name: string, functions: Array<[string, FuncType]>]>>();
  for (const [name, item] of summary.exports) {
    const parts = INTERFACE_NAME.exec(name);
    if (!parts || item.sort !== 'instance' || item.type.kind !== 'instance') return undefined;
    if (summary.implements.exports.has(name)) return undefined;
    const functions: Array<[string, FuncType]> = [];
    for (const [functionName, member] of item.type.exports) {
      if (member.sort !== 'func' || member.type.kind !== 'func' || !isPlain(functionName, member.type)) {
        return undefined;
      }
      functions.push([functionName, member.type]);
    }
    const [, pkg, iface, version = ''] = parts;
    if (KEYWORDS.has(iface!)) return undefined;
    const key = `${pkg}${version}`;
    const known = packages.get(key) ?? [];
    known.push([iface!, functions]);
    packages.set(key, known);
  }
  const world = [...summary.exports.keys()].map((name) => `  export ${name};\n`).join('');
  // wasm-tools' layout: a blank line between functions, none between interfaces, two between packages.
  let text = `package root:component;\n\nworld root {\n${world}}\n`;
  let first = true;
  for (const [pkg, interfaces] of packages) {
    const blocks = interfaces.map(([iface, functions]) => {
      const lines = functions.map(([name, func]) => `    ${name}: ${renderFunc(func, TEXT_LIMIT)};\n`);
      return `  interface ${iface} {\n${lines.join('\n')}  }\n`;
    });
    text += `${first ? '' : '\n\n'}package ${pkg} {\n${blocks.join('')}}\n`;
    first = false;
    // A type's text can be exponential in its bytes (types are shared): past the limit, rendering was cut.
    if (text.length >= TEXT_LIMIT) return undefined;
  }
  return text;
}

/** A synchronous function of plain values (no named or feature-gated types), with unreserved names. */
function isPlain(name: string, func: FuncType): boolean {
  if (func.async || KEYWORDS.has(name) || Array.isArray(func.result)) return false;
  const plain = new Set<ValType>();
  if (func.params.some((param) => KEYWORDS.has(param.name) || !isPlainValue(param.type, plain))) return false;
  return func.result === undefined || isPlainValue(func.result, plain);
}

/**
 * Values WIT writes inline: primitives, and lists, options, results and tuples of them. Types are shared, so each
 * is looked at once (`plain` holds those already found plain).
 */
function isPlainValue(type: ValType, plain: Set<ValType>): boolean {
  if (plain.has(type)) return true;
  const inner = (types: Array<ValType | undefined>) =>
    types.every((item) => item === undefined || isPlainValue(item, plain));
  let result: boolean;
  switch (type.kind) {
    case 'primitive':
      result = type.name !== 'error-context';
      break;
    case 'list':
      result = type.length === undefined && inner([type.element]);
      break;
    case 'option':
      result = inner([type.type]);
      break;
    case 'result':
      result = inner([type.ok, type.error]);
      break;
    case 'tuple':
      result = inner(type.types);
      break;
    default:
      result = false;
  }
  if (result) plain.add(type);
  return result;
}
