import { functionsOf, SYNCHRONOUS_HINT } from '../../contract/contract.ts';
import type { Found } from '../../kernel/findings.ts';
import { plural } from '../../kernel/text.ts';
import { type ExternType, type FuncType, renderFunc, sameFunc } from '../../wasm/component-types.ts';
import { finding, type RuleInput, type ValidationRule } from './rule.ts';

const COMMAND_EXPORT = /^wasi:cli\/run(@|$)/;

export function withoutVersion(name: string): string {
  return name.replace(/@[^@/]*$/, '');
}

/** In a message, at most this many imports, each with at most this many functions: the summary lists them all. */
const LISTED_IMPORTS = 4;
const LISTED_FUNCTIONS = 3;

function describe(item: ExternType): string {
  const functions = [...(functionsOf(item)?.keys() ?? [])];
  if (functions.length === 0) return '';
  const more = functions.length > LISTED_FUNCTIONS ? `, +${functions.length - LISTED_FUNCTIONS} more` : '';
  return ` (${functions.slice(0, LISTED_FUNCTIONS).join(', ')}${more})`;
}

/** Names for a one-line message: the first few, and how many more (a component may have millions). */
function listNames(names: string[]): string {
  const more = names.length > LISTED_IMPORTS ? ` and ${names.length - LISTED_IMPORTS} more` : '';
  return `${names.slice(0, LISTED_IMPORTS).join(', ')}${more}`;
}

/** The imports for a one-line message: the first few, and how many more the job summary lists. */
function listImports(items: Array<[string, ExternType]>): string {
  const listed = items.slice(0, LISTED_IMPORTS).map(([name, item]) => `${name}${describe(item)}`);
  const more = items.length > LISTED_IMPORTS ? `; and ${items.length - LISTED_IMPORTS} more (see the job summary)` : '';
  return `${listed.join('; ')}${more}`;
}

/**
 * Imports and exports are checked whenever the reader could read them, even in a component that does not validate:
 * one run then reports every problem.
 */
function structureUnread({ facts }: RuleInput): string | undefined {
  return facts.structure ? undefined : "needs the component's imports and exports, which could not be read";
}

export const importsRule: ValidationRule = {
  id: 'no-imports',
  title: 'Imports nothing',
  requires: ['component'],
  unavailable: structureUnread,
  check({ facts, allowImports, hints }) {
    const imports = [...(facts.structure?.imports ?? new Map<string, ExternType>())];
    const allowed = (name: string) => allowImports.includes(name) || allowImports.includes(withoutVersion(name));
    const refused = imports.filter(([name]) => !allowed(name));
    const tolerated = imports.filter(([name]) => allowed(name));
    const findings: Found[] = [];
    if (refused.length > 0) {
      const wasi = refused.some(([name]) => name.startsWith('wasi:'));
      findings.push(
        finding(
          'error',
          `The view imports ${plural(refused.length, 'interface')}, and Primatomic provides none: ` +
            `${listImports(refused)}.`,
          wasi
            ? hints.wasiImports
            : 'Primatomic links no imports: the view must be self-contained. Remove the dependency, or list it in ' +
                '`allow-imports` to report it as a warning.',
        ),
      );
    }
    if (tolerated.length > 0) {
      findings.push(
        finding(
          'warning',
          `The view imports ${listImports(tolerated)} (allowed by allow-imports); Primatomic provides no imports, so ` +
            `the deploy will likely be refused.`,
        ),
      );
    }
    return findings;
  },
};

export const exportsRule: ValidationRule = {
  id: 'exports',
  title: 'Exports the world with the exact signatures',
  requires: ['component'],
  unavailable: structureUnread,
  check(input) {
    const { facts, contract, hints } = input;
    const actual = facts.structure?.exports ?? new Map<string, ExternType>();
    const findings: Found[] = [];
    const matched = new Set<string>();
    for (const [name, expected] of contract.exports) {
      const exported = actual.get(name);
      if (exported) {
        matched.add(name);
        findings.push(...compareExport(name, expected, exported, input));
        continue;
      }
      const otherVersion = [...actual.keys()].find((candidate) => withoutVersion(candidate) === withoutVersion(name));
      const where = contract.locate(interfaceOf(name));
      if (otherVersion) {
        matched.add(otherVersion);
        findings.push(
          finding(
            'error',
            `The view exports ${otherVersion}, but Primatomic calls ${name}: the package version differs.`,
            `Build against ${packageOf(name)} (the WIT's \`package\` line and any wit/deps copy must say that ` +
              `version).`,
            where,
          ),
        );
      } else {
        const present = [...actual.keys()];
        findings.push(
          finding(
            'error',
            `The view does not export ` +
              `${name}${present.length ? `; it exports ${listNames(present)}` : '; it exports nothing'}.`,
            hints.worldMismatch,
            where,
          ),
        );
      }
    }
    const extra = [...actual.keys()].filter(
      (name) => !matched.has(name) && !COMMAND_EXPORT.test(name) && !(name in input.toolchainExports),
    );
    if (extra.length > 0) {
      const one = extra.length === 1;
      findings.push(
        finding(
          'warning',
          `The view also exports ${listNames(extra)}, which ${one ? 'is' : 'are'} not in world ${contract.world}; ` +
            `Primatomic never calls ${one ? 'it' : 'them'}.`,
          one
            ? 'Remove the export, or add it to the world if it is meant to be there.'
            : 'Remove the exports, or add them to the world if they are meant to be there.',
        ),
      );
    }
    return findings;
  },
};

function compareExport(name: string, expected: ExternType, exported: ExternType, input: RuleInput): Found[] {
  const { contract, hints } = input;
  if (expected.sort === 'func' && expected.type.kind === 'func') {
    if (exported.sort !== 'func')
      return [
        finding(
          'error',
          `The view exports ${name} as ${withArticle(exported.sort)}, not a function.`,
          hints.worldMismatch,
          contract.locate(name),
        ),
      ];
    if (exported.type.kind !== 'func') return [unreadable(name, exported.type.reason)];
    return compareFunction(name, name, expected.type, exported.type, contract.locate(name));
  }
  const expectedFunctions = functionsOf(expected) ?? new Map<string, FuncType>();
  if (exported.sort !== 'instance')
    return [
      finding(
        'error',
        `The view exports ${name} as ${withArticle(exported.sort)}, not an interface.`,
        hints.worldMismatch,
        contract.locate(interfaceOf(name)),
      ),
    ];
  if (exported.type.kind === 'unknown') return [unreadable(name, exported.type.reason)];
  const findings: Found[] = [];
  for (const [functionName, expectedFunction] of expectedFunctions) {
    const location = contract.locate(functionName);
    const item = exported.type.exports.get(functionName);
    if (!item) {
      findings.push(
        finding(
          'error',
          `${name} has no function ${functionName}; the world declares ${functionName}: ` +
            `${renderFunc(expectedFunction)}.`,
          `Implement ${functionName} in the view; Primatomic calls all of init, append, query, snapshot and restore.`,
          location,
        ),
      );
    } else if (item.sort !== 'func') {
      findings.push(
        finding(
          'error',
          `${name} exports ${functionName} as ${withArticle(item.sort)}, not a function.`,
          hints.worldMismatch,
          location,
        ),
      );
    } else if (item.type.kind !== 'func') {
      findings.push(unreadable(`${name}#${functionName}`, item.type.reason));
    } else {
      findings.push(...compareFunction(name, functionName, expectedFunction, item.type, location));
    }
  }
  const extra = [...exported.type.exports.keys()].filter((functionName) => !expectedFunctions.has(functionName));
  if (extra.length > 0) {
    findings.push(
      finding(
        'warning',
        `${name} also exports ${listNames(extra)}, which the world does not declare; Primatomic never calls ` +
          `${extra.length === 1 ? 'it' : 'them'}.`,
      ),
    );
  }
  return findings;
}

function compareFunction(
  owner: string,
  name: string,
  expected: FuncType,
  actual: FuncType,
  location: Found['location'],
): Found[] {
  if (actual.async && !expected.async) {
    return [
      finding(
        'error',
        `${owner}: ${name} is async (${renderFunc(actual)}, exported with the component model's async ABI); ` +
          `Primatomic calls views synchronously: ${name}: ${renderFunc(expected)}.`,
        SYNCHRONOUS_HINT,
        location,
      ),
    ];
  }
  if (!sameFunc(expected, actual, { paramNames: false })) {
    return [
      finding(
        'error',
        `${owner}: ${name} has the wrong type: expected ${name}: ${renderFunc(expected)}, found ${name}: ` +
          `${renderFunc(actual)}.`,
        `Change ${name} to take and return exactly what the world declares; Primatomic calls it with that signature.`,
        location,
      ),
    ];
  }
  if (!sameFunc(expected, actual, { paramNames: true })) {
    return [
      finding(
        'warning',
        `${owner}: ${name} names its parameters differently: expected ${renderFunc(expected)}, found ` +
          `${renderFunc(actual)}.`,
        "The types match, so calls work; use the WIT's names to keep bindings and docs in step.",
        location,
      ),
    ];
  }
  return [];
}

function unreadable(name: string, reason: string): Found {
  return finding(
    'error',
    `The type of ${name} could not be read: ${reason}.`,
    'Rebuild with a current toolchain; if it persists, report it with the file attached.',
  );
}

function interfaceOf(name: string): string {
  return withoutVersion(name).split('/').pop() ?? name;
}

function packageOf(name: string): string {
  const [pkg] = name.split('/');
  const version = /@([^@/]+)$/.exec(name)?.[1];
  return version ? `${pkg}@${version}` : pkg!;
}

export const reactorRule: ValidationRule = {
  id: 'reactor',
  title: 'A reactor, not a command',
  requires: ['component'],
  unavailable: structureUnread,
  check({ facts, hints }) {
    const command = [...(facts.structure?.exports.keys() ?? [])].find((name) => COMMAND_EXPORT.test(name));
    return command
      ? [
          finding(
            'error',
            `The view exports ${command}, which makes it a command component; Primatomic runs reactors.`,
            hints.command,
          ),
        ]
      : [];
  },
};

/** `a func`, `an instance`: the sort of an export in a sentence. */
function withArticle(sort: string): string {
  return `${/^[aeiou]/.test(sort) ? 'an' : 'a'} ${sort}`;
}
