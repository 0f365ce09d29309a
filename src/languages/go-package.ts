/**
 * What a Go view's build needs to know before compiling, and the glue that turns five plain functions into the
 * machine's exports: `go list` (build constraints applied for GOOS=wasip1 GOARCH=wasm) and a line scan of the
 * files it lists; the glue files added to the package for one build, never written into the user's tree; and the
 * compiler's complaints about the glue turned into errors on the user's own declarations.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from '../kernel/errors.ts';
import { type Found, finding } from '../kernel/findings.ts';
import { toolOutput } from '../toolchain/run-tool.ts';
import { ownCacheFolder } from '../toolchain/tool-cache.ts';

/**
 * The Go build's caches: GOMODCACHE and GOCACHE when the job sets them, else folders of the action's own, so that
 * what is kept between jobs is what the view's build made (the wasip1 standard library, its modules), not
 * everything else the runner's Go has compiled or downloaded.
 */
export function goCacheFolders(env: NodeJS.ProcessEnv = process.env): { GOMODCACHE: string; GOCACHE: string } {
  return {
    GOMODCACHE: env.GOMODCACHE || ownCacheFolder('go-mod'),
    GOCACHE: env.GOCACHE || ownCacheFolder('go-build'),
  };
}

/** The environment of every go command of a view build. */
export function goWasmEnv(): Record<string, string> {
  return { GOOS: 'wasip1', GOARCH: 'wasm', ...goCacheFolders() };
}

/** In the bundle the glue sits in go-glue/ beside index.js, as it sits beside this file in the sources. */
const GLUE_URL = new URL('./go-glue/', import.meta.url);
/** The glue's names in the package: they sort last, and must not exist there (the overlay would replace them). */
export const EXPORTS_GLUE = 'zz_primatomic_exports.go';
export const MAIN_GLUE = 'zz_primatomic_main.go';

/** The five functions a Go view defines, as the glue calls them. */
export const VIEW_FUNCTIONS: Record<string, string> = {
  Init: 'func Init()',
  Append: 'func Append(event []byte)',
  Query: 'func Query(input []byte) []byte',
  Snapshot: 'func Snapshot() []byte',
  Restore: 'func Restore(snapshot []byte)',
};

interface ListedPackage {
  Name: string;
  ImportPath: string;
  Dir: string;
  GoFiles?: string[];
  Standard?: boolean;
}

interface Line {
  file: string;
  line: number;
  text: string;
}

export interface GoPackage {
  dir: string;
  importPath: string;
  isMain: boolean;
  goFiles: string[];
  /** Whether the package declares `func main`, which -buildmode=c-shared needs though it never calls it. */
  hasMain: boolean;
  /** Hand-written `//go:wasmexport` of the machine anywhere in the build: then no exports glue is added. */
  machineExports: Line[];
  /** Where Init, Append, … are declared, for errors on the user's line. */
  viewFunctions: Record<string, Line>;
  /** Every `//go:wasmimport module name` outside the standard library. */
  wasmImports: Array<Line & { module: string; name: string }>;
}

// `func name(` can only start a top-level declaration (methods have a receiver, literals no name).
const FUNC_MAIN = /^\s*func\s+main\s*\(\s*\)/;
const VIEW_FUNC = /^\s*func\s+(Init|Append|Query|Snapshot|Restore)\s*\(|^var\s+(Init|Append|Query|Snapshot|Restore)\b/;
// The legacy (`primatomic:machine/…#init`) and the cm32p2 (`cm32p2|primatomic:machine/…`) export names.
const MACHINE_EXPORT = /^\s*\/\/go:wasmexport\s+\S*primatomic:machine\//;
const WASM_IMPORT = /^\s*\/\/go:wasmimport\s+(\S+)\s+(\S+)/;

/** Inspects the package `entry` (relative to the module folder) with `go list -deps`. */
export async function inspectGoPackage(workingDirectory: string, entry: string): Promise<GoPackage> {
  const listed = await toolOutput({
    title: 'Reading the Go package (go list)',
    command: 'go',
    args: ['list', '-deps', '-json=Name,ImportPath,Dir,GoFiles,Standard', entry],
    cwd: workingDirectory,
    env: goWasmEnv(),
    timeoutMs: 5 * 60_000,
    hint:
      "Check that working-directory is the Go module (the folder of go.mod) and entry the view's package, " +
      'relative to it (`.` by default); the output above says what go list could not load.',
  });
  const packages = parseJsonStream(listed) as ListedPackage[];
  const root = packages.at(-1)!;
  const viewFunctions: Record<string, Line> = {};
  for (const found of linesOf([root], VIEW_FUNC)) {
    const [, funcName, varName] = VIEW_FUNC.exec(found.text)!;
    viewFunctions[(funcName ?? varName)!] ??= found;
  }
  return {
    dir: root.Dir,
    importPath: root.ImportPath,
    isMain: root.Name === 'main',
    goFiles: (root.GoFiles ?? []).map((name) => path.join(root.Dir, name)),
    hasMain: linesOf([root], FUNC_MAIN).length > 0,
    machineExports: linesOf(packages, MACHINE_EXPORT),
    viewFunctions,
    wasmImports: linesOf(packages, WASM_IMPORT).map((found) => {
      const [, module, name] = WASM_IMPORT.exec(found.text)!;
      return { ...found, module: module!, name: name! };
    }),
  };
}

/** go list prints one JSON object after another, not an array. */
export function parseJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
  }
  return values;
}

function linesOf(packages: ListedPackage[], pattern: RegExp): Line[] {
  const found: Line[] = [];
  for (const pkg of packages.filter((p) => !p.Standard)) {
    for (const name of pkg.GoFiles ?? []) {
      const file = path.join(pkg.Dir, name);
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          if (pattern.test(text)) found.push({ file, line: index + 1, text: text.trim() });
        });
    }
  }
  return found;
}

/**
 * The glue files a package needs: the exports unless it exports the machine itself, and `main` if it has none.
 * Refuses a package that has a file of that name already (the glue would replace it).
 */
export function glueFor(pkg: GoPackage): string[] {
  const glue = [...(pkg.machineExports.length === 0 ? [EXPORTS_GLUE] : []), ...(pkg.hasMain ? [] : [MAIN_GLUE])];
  const taken = glue.map((name) => path.join(pkg.dir, name)).filter((file) => existsSync(file));
  if (taken.length > 0) {
    const names = taken.map((file) => path.basename(file)).join(' and ');
    const hint = `Rename ${names}: primatomic-view adds a file of that name to the package for the build.`;
    throw new BuildError(
      `${taken.join(' and ')} ${taken.length === 1 ? 'has' : 'have'} a name the Go glue of primatomic-view needs.`,
      'adding the exports glue',
      '',
      hint,
      taken.map((file) =>
        finding('error', `${path.basename(file)} is a name primatomic-view reserves.`, hint, { file, line: 1 }),
      ),
    );
  }
  return glue;
}

/** Copies the glue into `folder` and writes the `go build -overlay` file that makes it appear in the package. */
export function writeOverlay(pkg: GoPackage, folder: string): { overlay: string; glue: string[] } {
  const replace: Record<string, string> = {};
  const glue: string[] = [];
  for (const name of glueFor(pkg)) {
    const inPackage = path.join(pkg.dir, name);
    const backing = path.join(folder, name);
    copyGlue(name, backing);
    replace[inPackage] = backing;
    glue.push(backing);
  }
  const overlay = path.join(folder, 'overlay.json');
  writeFileSync(overlay, JSON.stringify({ Replace: replace }, null, 2));
  return { overlay, glue };
}

export function copyGlue(name: string, to: string): void {
  copyFileSync(fileURLToPath(new URL(name, GLUE_URL)), to);
}

/** One error of go or TinyGo: `./main.go:12:3: message` (on Windows `.\\main.go` or `C:\\src\\main.go`). */
export interface GoError {
  file: string;
  line: string;
  message: string;
}

export function goErrorLines(output: string): GoError[] {
  return [...output.matchAll(/^((?:[A-Za-z]:)?[\w.\\/-]+\.go):(\d+):(?:\d+:)? (.+)$/gm)].map(
    ([, file, line, message]) => ({
      file: file!,
      line: line!,
      message: message!,
    }),
  );
}

/** Whether the error is in one of the glue files the action adds. */
export function inGlue(error: GoError): boolean {
  const name = error.file.split(/[\\/]/).pop();
  return name === EXPORTS_GLUE || name === MAIN_GLUE;
}

/**
 * Compiler errors about the glue, as errors on the user's code: "undefined: Query" becomes "declare func Query(…)"
 * on the view's file, and a type mismatch points at the user's declaration. Other errors are left to the Go reader.
 */
export function glueErrors(errors: GoError[], pkg: GoPackage): Found[] {
  const found: Found[] = [];
  const home = Object.values(pkg.viewFunctions)[0]?.file ?? pkg.goFiles[0] ?? path.join(pkg.dir, 'main.go');
  for (const { file, message } of errors) {
    if (file.split(/[\\/]/).pop() !== EXPORTS_GLUE) continue;
    const missing = /^undefined: (\w+)$/.exec(message);
    const mistyped = /^cannot use (\w+) \((?:value|variable) of type (.+)\) as .+ value in variable declaration$/.exec(
      message,
    );
    const name = (missing ?? mistyped)?.[1];
    const wanted = name ? VIEW_FUNCTIONS[name] : undefined;
    const fix =
      'A Go view is a package main with the five functions Primatomic calls; primatomic-view adds the exports.';
    if (missing && wanted) {
      found.push(finding('error', `The view does not define \`${wanted}\`.`, fix, { file: home, line: 1 }));
    } else if (mistyped && wanted) {
      const at = pkg.viewFunctions[name!] ?? { file: home, line: 1 };
      found.push(
        finding('error', `${name} has type ${mistyped[2]}; a Go view needs \`${wanted}\`.`, fix, {
          file: at.file,
          line: at.line,
        }),
      );
    } else {
      found.push(
        finding('error', `In the exports primatomic-view adds: ${message}`, undefined, { file: home, line: 1 }),
      );
    }
  }
  return found;
}
