/**
 * A TypeScript view, type-checked against the contract before it is bundled (esbuild strips types without
 * checking them): jco's guest types of the world, a file that assigns each of the view's machine functions to the
 * contract's type, and tsc over it and everything the entry imports. A `query` that returns a string is then a type
 * error on the view's own line, not an answer of 0 bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Found, finding } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import { compilerError } from './diagnostics.ts';
import type { BuildStep } from './language.ts';
import type { Project } from './project.ts';

/** The interface whose functions the view's `machine` must have (the world is checked against the contract). */
const MACHINE_MODULE = 'primatomic:machine/machine@0.0.1';
const FUNCTIONS = ['init', 'append', 'query', 'snapshot', 'restore'] as const;
const CHECK_FILE = 'contract-check.ts';

export interface TypeCheckTools {
  jco: string;
  tsc: string;
}

export interface TypeCheck {
  steps: BuildStep[];
  /** tsc's errors: in the view's files on their lines, those of the contract check on the view's function. */
  diagnostics(output: string): Found[];
}

/** Writes the check's files into the build's scratch folder, and says how to run it and read its errors. */
export function typeCheck(
  tools: TypeCheckTools,
  { witPath, world, project, entry, scratch }: TypeCheckContext,
): TypeCheck {
  const folder = path.join(scratch, 'typecheck');
  const entryPath = project.path(entry);
  const cwd = project.folder;
  const checkFile = path.join(folder, CHECK_FILE);
  const tsconfig = path.join(folder, 'tsconfig.json');
  const steps: BuildStep[] = [
    {
      title: "Generate the contract's TypeScript types (jco guest-types)",
      command: process.execPath,
      args: [tools.jco, 'guest-types', witPath, '--world-name', world, '--name', 'contract', '-o', folder, '-q'],
      cwd,
    },
    {
      title: 'Type-check the view against the contract (tsc)',
      command: process.execPath,
      args: [tools.tsc, '-p', tsconfig, '--pretty', 'false'],
      cwd,
    },
  ];
  mkdirSync(folder, { recursive: true });
  writeFileSync(checkFile, checkSource(folder, entryPath));
  writeFileSync(tsconfig, `${JSON.stringify(tsconfigFor(project), null, 2)}\n`);
  return { steps, diagnostics: (output) => tscErrors(output, project, checkFile, entry) };
}

export interface TypeCheckContext {
  witPath: string;
  world: string;
  project: Project;
  entry: string;
  scratch: string;
}

/** Each function of the view's `machine`, assigned to the contract's type of it: one line each, in FUNCTIONS order. */
function checkSource(folder: string, entryPath: string): string {
  let specifier = path.relative(folder, entryPath).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return [
    '/// <reference path="./contract.d.ts" />',
    `import type * as Contract from '${MACHINE_MODULE}';`,
    `import { machine } from ${JSON.stringify(specifier)};`,
    ...FUNCTIONS.map((name) => `export const ${name}: typeof Contract.${name} = machine.${name};`),
    '',
  ].join('\n');
}

/** The project's own compiler options (its tsconfig.json, when it has one), with what the check itself needs. */
function tsconfigFor(project: Project): object {
  const own = project.has('tsconfig.json') ? project.path('tsconfig.json') : undefined;
  return {
    ...(own && { extends: own }),
    compilerOptions: {
      noEmit: true,
      allowImportingTsExtensions: true,
      module: 'preserve',
      moduleResolution: 'bundler',
      skipLibCheck: true,
      types: [],
      // StarlingMonkey, the engine, has the web's TextEncoder and TextDecoder; no Node built-ins.
      ...(!own && { target: 'es2022', lib: ['es2022', 'dom'] }),
    },
    files: [CHECK_FILE],
  };
}

/** "file(line,col): error TSnnnn: message", with the indented lines that continue it. */
function tscErrors(output: string, project: Project, checkFile: string, entry: string): Found[] {
  const entryPath = project.path(entry);
  const found: Found[] = [];
  const pattern = /^(\S.*?\.[cm]?tsx?)\((\d+),\d+\): error (TS\d+): (.+)((?:\n {2,}.+)*)/gm;
  for (const [, file, line, code, first, more] of plainText(output).matchAll(pattern)) {
    const message = `${first}${(more ?? '').replace(/\n\s+/g, ' ')}`.replaceAll('<ArrayBufferLike>', '');
    if (project.path(file!) !== checkFile) {
      found.push(compilerError(`${code}: ${message}`, file!, line!, project.folder));
      continue;
    }
    // Line 4 checks init, 5 append, and so on (see checkSource); line 3 is the import of `machine`.
    const name = FUNCTIONS[Number(line) - 4];
    found.push(
      name
        ? finding(
            'error',
            `${name} does not match ${MACHINE_MODULE}: ${message}`,
            `Declare ${name} as the contract does: ${CONTRACT_SIGNATURES[name]}.`,
            declarationOf(name, project, entry),
          )
        : finding(
            'error',
            `The entry does not export the machine the contract needs: ${message}`,
            'Export `machine`, an object with init, append, query, snapshot and restore.',
            { file: entryPath, line: 1 },
          ),
    );
  }
  return found;
}

const CONTRACT_SIGNATURES: Record<(typeof FUNCTIONS)[number], string> = {
  init: 'init(): void',
  append: 'append(event: Uint8Array): void',
  query: 'query(input: Uint8Array): Uint8Array',
  snapshot: 'snapshot(): Uint8Array',
  restore: 'restore(snapshot: Uint8Array): void',
};

/** The line of the entry that defines the function (`query(…`, `query: …`, `query = …`), else of `machine`. */
function declarationOf(name: string, project: Project, entry: string) {
  const entryPath = project.path(entry);
  let lines: string[] = [];
  try {
    lines = (project.text(entry) ?? '').split('\n');
  } catch {
    // An entry too large to read again: the function is then placed on the entry's first line.
  }
  const index = lines.findIndex((line) => new RegExp(`^\\s*(async\\s+)?${name}\\s*(\\(|:|=)`).test(line));
  const machine = lines.findIndex((line) => /\bmachine\b/.test(line));
  return { file: entryPath, line: (index >= 0 ? index : Math.max(machine, 0)) + 1 };
}
