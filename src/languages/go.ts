import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrapExplainer } from '../contract/explainer.ts';
import { byDoor } from '../kernel/door.ts';
import { BuildError } from '../kernel/errors.ts';
import { type Found, finding } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import { findOrInstall, wasmToolsForBuild } from '../toolchain/find-or-install.ts';
import { releaseCacheName } from '../toolchain/release-installer.ts';
import { TINYGO } from '../toolchain/release-tools.ts';
import { toolOutput } from '../toolchain/run-tool.ts';
import { componentFromCore, coreImports, PREVIEW1 } from '../wasm/make-component.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import {
  copyGlue,
  type GoPackage,
  glueErrors,
  glueFor,
  goCacheFolders,
  goErrorLines,
  goWasmEnv,
  inGlue,
  inspectGoPackage,
  writeOverlay,
} from './go-package.ts';
import type { BuildContext, BuildPlan, BuildStep, Language } from './language.ts';
import { componentMaker } from './language.ts';

const COMPILER = 'go-compiler';
/** `//go:wasmexport` and `-buildmode=c-shared` for wasip1 arrived in Go 1.24. */
const MINIMUM_GO = [1, 24] as const;

/** Go on PATH, and new enough; TinyGo needs it too. */
async function requireGo(cwd: string): Promise<string> {
  const version = (
    await toolOutput({ title: 'Finding Go', command: 'go', args: ['env', 'GOVERSION'], cwd, timeoutMs: 60_000 })
  ).trim();
  const [, major, minor] = /^go(\d+)\.(\d+)/.exec(version) ?? [];
  if (major && (Number(major) < MINIMUM_GO[0] || (Number(major) === MINIMUM_GO[0] && Number(minor) < MINIMUM_GO[1]))) {
    throw new BuildError(
      `Go ${version.slice(2)} is on PATH; Go views need Go ${MINIMUM_GO.join('.')} or newer (//go:wasmexport).`,
      'go env GOVERSION',
      '',
      byDoor({
        action:
          `Set up a newer Go before this step (actions/setup-go with go-version: '${MINIMUM_GO.join('.')}' or ` +
          'later).',
        cli: `Install Go ${MINIMUM_GO.join('.')} or newer and put it on PATH.`,
      }),
    );
  }
  return version;
}

/**
 * The standard Go toolchain (default) or TinyGo builds a WASI preview 1 reactor core module, with the glue that
 * exports the five functions added for this build only; the action's import-free adapter then makes it a
 * component that imports nothing.
 */
async function goPlan(context: BuildContext): Promise<BuildPlan> {
  const cwd = context.project.folder;
  const entry = context.entry ?? '.';
  const goVersion = await requireGo(cwd);
  const pkg = await inspectGoPackage(cwd, entry);
  if (!pkg.isMain) {
    throw new BuildError(
      `${pkg.importPath} is not package main.`,
      'go list',
      '',
      'A Go view is a main package (it is built with -buildmode=c-shared); set entry to it, or rename the package.',
    );
  }
  const core = path.join(context.scratch, 'core.wasm');
  const wasmTools = await wasmToolsForBuild(context.versions.wasmTools, context.downloads, context.log);
  const finish = {
    title: 'Make the component (embed the world, component new with the import-free WASI adapter)',
    async run() {
      const bytes = readFileSync(core);
      refuseForeignImports(bytes, pkg);
      const recipe = { embed: { witPath: context.witPath, world: context.world }, preview1Adapter: true };
      writeFileSync(context.output, await componentFromCore(bytes, recipe, wasmTools?.executable));
    },
  };
  const componentTools = {
    component: `component new with the import-free WASI adapter (${componentMaker(wasmTools)})`,
  };

  if (context.options[COMPILER] === 'tinygo') {
    const tinygo = await findOrInstall(TINYGO, context.versions.tinygo, context.downloads, context.log);
    // TinyGo has no -overlay and reads sources from disk: it builds a copy of the module with the glue added.
    const copy = path.join(context.scratch, 'module');
    cpSync(cwd, copy, { recursive: true, filter: (source) => !/[/\\](\.git|node_modules|build|target)$/.test(source) });
    const copiedPackage = path.join(copy, path.relative(cwd, pkg.dir));
    for (const name of glueFor(pkg)) copyGlue(name, path.join(copiedPackage, name));
    return {
      steps: [
        {
          title: 'Build the core module (tinygo build -target=wasip1 -buildmode=c-shared)',
          command: tinygo.executable,
          args: ['build', '-target=wasip1', '-buildmode=c-shared', '-buildvcs=false', '-no-debug', '-o', core, entry],
          cwd: copy,
        },
      ],
      finish,
      tools: { tinygo: tinygo.source, go: goVersion, ...componentTools },
      diagnostics: (output) => goDiagnostics(output.replaceAll(copy, cwd), cwd, pkg),
      explainer: coreExplainer(core),
    };
  }

  const { overlay } = writeOverlay(pkg, context.scratch);
  const build: BuildStep = {
    title: 'Build the core module (go build -buildmode=c-shared, GOOS=wasip1 GOARCH=wasm)',
    command: 'go',
    // -trimpath and -buildvcs=false keep the bytes independent of the checkout; -s -w drop symbols and DWARF
    // (panics keep their file and line).
    args: [
      'build',
      '-buildmode=c-shared',
      '-trimpath',
      '-buildvcs=false',
      '-ldflags=-s -w',
      `-overlay=${overlay}`,
      '-o',
      core,
      entry,
    ],
    cwd,
    env: goWasmEnv(),
  };
  return {
    steps: [build],
    finish,
    tools: { go: goVersion, ...componentTools },
    diagnostics: (output) => goDiagnostics(output, cwd, pkg),
    explainer: coreExplainer(core),
  };
}

/** The core module itself explains a trap: run with its stderr kept, it shows the panic. */
function coreExplainer(core: string) {
  return async (): Promise<TrapExplainer> => ({ kind: 'preview1-core', bytes: readFileSync(core) });
}

/** Before componentizing: an import other than WASI preview 1 would become a component import Primatomic refuses. */
function refuseForeignImports(core: Uint8Array, pkg: GoPackage): void {
  const foreign = [
    ...new Set(
      coreImports(core)
        .filter(({ module }) => module !== PREVIEW1)
        .map(({ module, name }) => `${module}.${name}`),
    ),
  ];
  if (foreign.length === 0) return;
  const located = foreign.map((name) => {
    const at = pkg.wasmImports.find((found) => `${found.module}.${found.name}` === name);
    return finding(
      'error',
      `The view imports ${name}${at ? ' (//go:wasmimport)' : ''}, and Primatomic provides no imports.`,
      'Remove the //go:wasmimport: a view can use only what the standard library gets from WASI, which the ' +
        'adapter of primatomic-view answers itself.',
      at && { file: at.file, line: at.line },
    );
  });
  throw new BuildError(
    `The core module imports ${foreign.join(', ')}, which Primatomic cannot provide; no component was made.`,
    'checking the core module',
    '',
    'Remove the //go:wasmimport declarations (the annotations point at them).',
    located,
  );
}

/** Go and TinyGo: "./main.go:12:3: message" on its line; errors in the action's glue are left to glueErrors. */
function goErrors(output: string, folder: string): Found[] {
  const errors = goErrorLines(plainText(output)).filter((error) => !inGlue(error));
  return withoutRepeats(errors.map(({ file, line, message }) => compilerError(message, file, line, folder)));
}

/** A build of the glue: its errors become errors on the user's declarations. */
function goDiagnostics(output: string, folder: string, pkg: GoPackage): Found[] {
  return withoutRepeats([...glueErrors(goErrorLines(plainText(output)), pkg), ...goErrors(output, folder)]);
}

export const go: Language = {
  id: 'go',
  displayName: 'Go',
  markers: ['go.mod'],
  producerNames: ['go', 'tinygo'],
  // wasm-tools makes the component (as it validates every view): wasm-tools-version applies to both.
  tools: ['tinygo', 'wasmTools'],
  options: [{ input: COMPILER, choices: ['go', 'tinygo'], defaultChoice: 'go' }],
  defaultEntry: () => '.',
  defaultOutput: () => 'build/view.wasm',
  cachedTools: ({ versions, options, downloads }) =>
    options[COMPILER] === 'tinygo' ? [[releaseCacheName(TINYGO, downloads), versions.tinygo]] : [],
  plan: goPlan,
  diagnostics: (output, project) => goErrors(output, project.folder),
  async caches(_project, { env, ask }) {
    const { GOMODCACHE, GOCACHE } = goCacheFolders(env);
    const compiler = await ask('go', ['env', 'GOVERSION']);
    return [{ name: 'go', lockfiles: ['go.sum', 'go.mod'], paths: [GOMODCACHE, GOCACHE], compiler }];
  },
  projectName: (project) =>
    /^module\s+(\S+)/m
      .exec(project.text('go.mod') ?? '')?.[1]
      ?.split('/')
      // example.com/counter/v2 is counter: a major-version suffix is not the name.
      .filter((element, index) => index === 0 || !/^v\d+$/.test(element))
      .pop(),
  hints: {
    coreModule:
      'Let primatomic-view build the view (leave `component` empty): it compiles with ' +
      '`GOOS=wasip1 GOARCH=wasm go build ' +
      '-buildmode=c-shared` and makes the component with its own WASI adapter. A plain `go build` gives a core module.',
    wasiImports:
      'The component imports WASI: it was built with `tinygo -target=wasip2` or with the standard WASI adapter. Let ' +
      'primatomic-view build it (leave `component` empty): its adapter answers every WASI call itself, so the ' +
      'component ' +
      'imports nothing.',
    command:
      'The Go build produced a command component (it exports wasi:cli/run): build with `-buildmode=c-shared` (a ' +
      'reactor), as primatomic-view does when it builds the view.',
    worldMismatch:
      'Define the five functions in package main: `func Init()`, `func Append(event []byte)`, `func Query(input ' +
      '[]byte) []byte`, `func Snapshot() []byte`, `func Restore(snapshot []byte)`; primatomic-view adds the exports.',
  },
};
