import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CAUGHT_ERROR_QUERY, type TrapExplainer, WRONG_RETURN_QUERY } from '../contract/explainer.ts';
import type { Found } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import {
  installJsToolchain,
  installTypeScript,
  JS_TOOLCHAIN,
  type JsToolchain,
  jsToolchainVersion,
} from '../toolchain/npm-tools.ts';
import { toolOutput } from '../toolchain/run-tool.ts';
import { EXACT_VERSION, type ToolVersions } from '../toolchain/tool-versions.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, BuildStep, Language } from './language.ts';
import type { Project } from './project.ts';
import { typeCheck } from './typescript-check.ts';

/** A JS/TS project's entry: package.json's `main`, then src/index.ts, src/index.js, index.ts, index.js. */
export function jsEntry(project: Project): string | undefined {
  const main = project.json('package.json')?.main;
  if (typeof main === 'string' && project.has(main)) return main;
  return project.firstExisting(['src/index.ts', 'src/index.js', 'index.ts', 'index.js']);
}

export const isTypeScript = (entry: string | undefined) => entry !== undefined && /\.(ts|mts|cts)$/.test(entry);

/** Exact versions of jco, componentize-js and TypeScript the project's own package.json pins; ranges are ignored. */
export function projectPins(project: Project): Partial<ToolVersions> {
  const manifest = project.json('package.json');
  const all = { ...(manifest?.dependencies as object), ...(manifest?.devDependencies as object) } as Record<
    string,
    unknown
  >;
  const exact = (name: string) => {
    const version = all[name];
    return typeof version === 'string' && EXACT_VERSION.test(version) ? version : undefined;
  };
  const jco = exact('@bytecodealliance/jco');
  const componentizeJs = exact('@bytecodealliance/componentize-js');
  const typescript = exact('typescript');
  return { ...(jco && { jco }), ...(componentizeJs && { componentizeJs }), ...(typescript && { typescript }) };
}

/**
 * The JavaScript build, and the TypeScript one (any `.ts` entry), which bundles the entry into one ES module first
 * (with esbuild).
 */
async function jsPlan(context: BuildContext): Promise<BuildPlan> {
  const tools = await installJsToolchain(context.versions);
  const entry = context.entry!;
  const cwd = context.project.folder;
  const steps: BuildStep[] = [];
  const bundled = isTypeScript(entry);
  const module = bundled ? `${context.scratch}/view.js` : entry;
  // esbuild lists what it bundled; componentize-js reads the one module it is given.
  const metafile = path.join(context.scratch, 'bundle-meta.json');
  const sources = () =>
    bundled ? Object.keys((JSON.parse(readFileSync(metafile, 'utf8')) as { inputs: object }).inputs) : [entry];
  let diagnostics: (output: string) => Found[];
  if (bundled) {
    const { tsc } = await installTypeScript(context.versions.typescript);
    const check = typeCheck({ jco: tools.jco, tsc }, { ...context, entry });
    steps.push(...check.steps);
    diagnostics = (output) =>
      withoutRepeats([...check.diagnostics(output), ...esbuildErrors(output, cwd), ...jsErrors(output, cwd)]);
    steps.push({
      title: 'Bundle the TypeScript entry into one ES module (esbuild)',
      command: tools.esbuild,
      args: [...bundleArgs(entry, module), '--sourcemap=inline', `--metafile=${metafile}`],
      cwd,
    });
  } else {
    // componentize-js reports a syntax error without its line ("failed to parse JS source"); esbuild names it.
    steps.push({
      title: 'Check the JavaScript syntax (esbuild)',
      command: tools.esbuild,
      args: [entry, '--format=esm', '--log-level=error', `--outfile=${path.join(context.scratch, 'syntax-check.js')}`],
      cwd,
    });
    diagnostics = (output) => withoutRepeats([...esbuildErrors(output, cwd), ...jsErrors(output, cwd)]);
  }
  steps.push({
    title: 'Componentize (jco componentize --disable=all)',
    command: process.execPath,
    args: componentizeArgs(tools, context, module, context.output),
    cwd,
  });
  const versions = { jco: context.versions.jco, 'componentize-js': context.versions.componentizeJs };
  const { esbuild, typescript } = context.versions;
  return {
    steps,
    tools: bundled ? { ...versions, esbuild, typescript } : versions,
    diagnostics,
    explainer: () => caughtErrorsBuild(context, tools, path.resolve(cwd, module)),
    explainsWrongReturns: true,
    sources,
  };
}

/** esbuild's arguments for one ES module that runs anywhere (componentize-js has no Node built-ins). */
function bundleArgs(entry: string, out: string): string[] {
  return [entry, '--bundle', '--format=esm', '--platform=neutral', '--target=es2022', `--outfile=${out}`];
}

function componentizeArgs(tools: JsToolchain, context: BuildContext, module: string, out: string): string[] {
  const wit = ['--wit', context.witPath, '--world-name', context.world];
  return [tools.jco, 'componentize', ...wit, '--out', out, '--disable=all', module];
}

/**
 * The view again, with each call wrapped to catch what it throws and keep the text, which the query
 * CAUGHT_ERROR_QUERY answers: componentize-js turns an exception into a bare `unreachable` trap, so this build is
 * what can say why a JavaScript view trapped. Built only when the conformance test saw a trap.
 */
async function caughtErrorsBuild(context: BuildContext, tools: JsToolchain, module: string): Promise<TrapExplainer> {
  const wrapper = path.join(context.scratch, 'explain-entry.js');
  const bundled = path.join(context.scratch, 'explain.js');
  const component = path.join(context.scratch, 'explain.wasm');
  writeFileSync(wrapper, catchingWrapper(module));
  const cwd = context.project.folder;
  await toolOutput({
    title: 'Bundling the explaining build (esbuild)',
    command: tools.esbuild,
    args: bundleArgs(wrapper, bundled),
    cwd,
  });
  await toolOutput({
    title: 'Componentizing the explaining build (jco componentize)',
    command: process.execPath,
    args: componentizeArgs(tools, context, bundled, component),
    cwd,
  });
  return { kind: 'caught-errors', bytes: readFileSync(component) };
}

function catchingWrapper(module: string): string {
  return `import { machine as view } from ${JSON.stringify(module)};
let caught = '';
let wrongReturn = '';
const describe = (error) =>
  error instanceof Error ? \`\${error.name}: \${error.message}\` : \`the view threw \${String(error)}\`;
const guard = (call, fallback) => (...args) => {
  try {
    return call(...args);
  } catch (error) {
    caught = describe(error);
    return fallback;
  }
};
// What componentize-js lowers as list<u8>: typed arrays, ArrayBuffers and arrays of numbers. A string or a plain
// object becomes no bytes at all, silently; anything else traps.
const isBytes = (value) => ArrayBuffer.isView(value) || value instanceof ArrayBuffer || Array.isArray(value);
const shown = (value) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? \`\${text.slice(0, 57)}...\` : text;
};
const checked = (value) => {
  if (!isBytes(value) && value !== undefined && value !== null) {
    const kind =
      typeof value === 'string' ? 'a string' : typeof value === 'object' ? 'an object' : \`a \${typeof value}\`;
    wrongReturn = \`\${kind} (\${shown(value)})\`;
  }
  return value;
};
const empty = new Uint8Array();
export const machine = {
  init: guard(() => view.init()),
  append: guard((event) => view.append(event)),
  query(input) {
    const text = new TextDecoder().decode(input);
    if (text === ${JSON.stringify(CAUGHT_ERROR_QUERY)}) return new TextEncoder().encode(caught);
    if (text === ${JSON.stringify(WRONG_RETURN_QUERY)}) {
      const said = wrongReturn;
      wrongReturn = '';
      return new TextEncoder().encode(said);
    }
    return checked(guard(() => view.query(input), empty)());
  },
  snapshot: guard(() => checked(view.snapshot()), empty),
  restore: guard((snapshot) => view.restore(snapshot)),
};
`;
}

/** esbuild: "✘ [ERROR] message" then, after a blank line, "    src/index.ts:3:10:". */
export function esbuildErrors(output: string, folder: string): Found[] {
  return [...plainText(output).matchAll(/\[ERROR\] (.+)\n\n\s+(\S+?):(\d+):\d+:/g)].map((match) =>
    compilerError(match[1]!, match[2]!, match[3]!, folder),
  );
}

/** componentize-js: "SyntaxError: message" then "  at view.js:3:7" (or "view.js:3:7"). */
export function jsErrors(output: string, folder: string): Found[] {
  const found: Found[] = [];
  const pattern = /^(\w*Error): (.+)\n(?:.*\n)*?\s*(?:at )?(?:.*?\()?([\w./-]+\.m?js):(\d+):\d+/gm;
  for (const match of plainText(output).matchAll(pattern)) {
    if (match[3]!.includes('node_modules') || match[3]!.startsWith('/')) continue;
    found.push(compilerError(`${match[1]}: ${match[2]}`, match[3]!, match[4]!, folder));
  }
  return withoutRepeats(found);
}

export const javascript: Language = {
  id: 'js',
  displayName: 'JavaScript',
  markers: ['package.json'],
  claims: (project, entry) => !isTypeScript(entry ?? jsEntry(project)),
  producerNames: ['javascript', 'componentizejs', 'componentize-js', 'jco'],
  tools: ['jco', 'componentizeJs', 'esbuild'],
  defaultEntry: jsEntry,
  defaultOutput: () => 'build/view.wasm',
  projectPins,
  cachedTools: ({ versions }) => [[JS_TOOLCHAIN, jsToolchainVersion(versions)]],
  plan: jsPlan,
  diagnostics: (output, project) => jsErrors(output, project.folder),
  projectName(project) {
    const name = project.json('package.json')?.name;
    return typeof name === 'string' ? name.replace(/^@[^/]+\//, '') : undefined;
  },
  hints: {
    coreModule:
      'Build with `jco componentize --wit <wit> --world-name state-machine --out view.wasm --disable=all ' +
      'view.js`; the output of componentize is a component.',
    wasiImports:
      'The view was componentized without `--disable=all`, so it imports clocks, random, stdio and http. Add ' +
      '`--disable=all` to `jco componentize` (console.log output is then lost).',
    command:
      'The component exports wasi:cli/run. Export only the `machine` interface from your module (`export const ' +
      'machine = { init, append, query, snapshot, restore }`).',
    worldMismatch:
      'Check `--wit` (the primatomic:machine@0.0.1 WIT) and `--world-name state-machine` given to `jco ' +
      'componentize`, and that the module exports `machine` with all five functions.',
  },
};
