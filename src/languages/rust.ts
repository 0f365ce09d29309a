import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrapExplainer } from '../contract/explainer.ts';
import { BuildError } from '../kernel/errors.ts';
import type { Found } from '../kernel/findings.ts';
import { which } from '../kernel/process.ts';
import { plainText } from '../kernel/text.ts';
import { crateToolName, installCrate } from '../toolchain/crates-tools.ts';
import { type FoundTool, findOrInstall, pathWith, wasmToolsForBuild } from '../toolchain/find-or-install.ts';
import { currentPlatform } from '../toolchain/platform.ts';
import { expectedChecksum, releaseCacheName } from '../toolchain/release-installer.ts';
import { CARGO_COMPONENT } from '../toolchain/release-tools.ts';
import { askTool, toolOutput } from '../toolchain/run-tool.ts';
import { componentFromCore } from '../wasm/make-component.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, BuildStep, Language } from './language.ts';
import { componentMaker } from './language.ts';
import { type Project, tomlString } from './project.ts';

const TARGET = 'wasm32-unknown-unknown';
/**
 * The target of the build that explains a panic: its standard library writes the panic's message to stderr, which
 * the conformance test reads (on wasm32-unknown-unknown it is dropped). cargo-component also installs it itself.
 */
const WASI_TARGET = 'wasm32-wasip1';
const BUILDER = 'rust-builder';

interface CargoMetadata {
  packages: Array<{
    name: string;
    manifest_path: string;
    targets: Array<{ name: string; crate_types: string[] }>;
  }>;
  target_directory: string;
}

/**
 * The release build's core module, from `cargo metadata` (so a crate inside a workspace, a `[lib] name` and
 * CARGO_TARGET_DIR all come out right): `<target dir>/wasm32-unknown-unknown/release/<library>.wasm`.
 */
async function releaseArtifact(workingDirectory: string): Promise<(target: string) => string> {
  const metadata = JSON.parse(
    await toolOutput({
      title: 'Reading the crate (cargo metadata)',
      command: 'cargo',
      args: ['metadata', '--format-version', '1', '--no-deps'],
      cwd: workingDirectory,
      timeoutMs: 120_000,
      hint:
        "Check the view's Cargo.toml (and the workspace's, if it is in one): the output above says what cargo " +
        'could not read.',
    }),
  ) as CargoMetadata;
  const manifest = path.join(workingDirectory, 'Cargo.toml');
  const libraries = metadata.packages.flatMap((pkg) =>
    pkg.targets.filter((target) => target.crate_types.includes('cdylib')).map((target) => ({ pkg, target })),
  );
  const own = libraries.filter(({ pkg }) => path.resolve(pkg.manifest_path) === path.resolve(manifest));
  const chosen = own.length > 0 ? own : libraries.length === 1 ? libraries : [];
  if (chosen.length === 0) {
    const hint =
      libraries.length > 1
        ? `The workspace has several: ${libraries.map(({ pkg }) => pkg.name).join(', ')}. Set working-directory ` +
          "to the view's crate."
        : 'Add `[lib] crate-type = ["cdylib"]` to the view\'s Cargo.toml: a view is a library the host calls.';
    throw new BuildError(`No cdylib crate to build in ${workingDirectory}.`, 'cargo metadata', '', hint);
  }
  const library = chosen[0]!.target.name.replaceAll('-', '_');
  return (target) => path.join(metadata.target_directory, target, 'release', `${library}.wasm`);
}

/** `rustup target add` for the targets the build needs and rustc lacks (when rustup manages the toolchain). */
async function addTargets(targets: string[], cwd: string): Promise<BuildStep[]> {
  // A target is installed when rustc's sysroot has its standard library (with -Zbuild-std it is built from source).
  const sysroot = await askTool(process.env.RUSTC || 'rustc', ['--print', 'sysroot'], cwd);
  const missing = targets.filter((target) => !sysroot || !existsSync(path.join(sysroot, 'lib', 'rustlib', target)));
  if (missing.length === 0 || process.env.CARGO_UNSTABLE_BUILD_STD || !which('rustup')) return [];
  return [
    {
      title: `Add the ${missing.join(' and ')} target (rustup)`,
      command: 'rustup',
      args: ['target', 'add', ...missing],
      cwd,
    },
  ];
}

/**
 * cargo-component: from PATH; else its release when the download can be verified (the checksum table or
 * tool-checksums); else built from crates.io, which cargo verifies.
 */
async function cargoComponent(context: BuildContext): Promise<FoundTool> {
  const version = context.versions.cargoComponent;
  const onPath = which('cargo-component');
  if (onPath) return { executable: onPath, pathFolder: undefined, source: 'from PATH' };
  if (expectedChecksum(CARGO_COMPONENT, version, currentPlatform(), context.downloads)) {
    return findOrInstall(CARGO_COMPONENT, version, context.downloads, context.log);
  }
  const { executable, cached } = await installCrate('cargo-component', version);
  return {
    executable,
    pathFolder: path.dirname(executable),
    source: `${version} (crates.io${cached ? ', tool cache' : ''})`,
  };
}

async function rustPlan(context: BuildContext): Promise<BuildPlan> {
  const cwd = context.project.folder;
  const artifact = await releaseArtifact(cwd);
  const built = artifact(TARGET);
  const explainer = () => panicExplainer(cwd, artifact(WASI_TARGET));
  if (context.options[BUILDER] === 'cargo-component') {
    const tool = await cargoComponent(context);
    // cargo-component generates src/bindings.rs for the crates that use it; the user's tree is left as it was.
    const bindings = path.join(cwd, 'src', 'bindings.rs');
    const hadBindings = existsSync(bindings);
    return {
      steps: [
        ...(await addTargets([TARGET], cwd)),
        {
          title: 'Build the component (cargo component build)',
          command: 'cargo',
          args: ['component', 'build', '--release', '--target', TARGET],
          cwd,
          env: pathWith([tool.pathFolder]),
        },
      ],
      tools: { 'cargo-component': tool.source },
      finish: {
        title: 'Copy the component to the output',
        run: async () => writeFileSync(context.output, readFileSync(built)),
      },
      cleanup: () => {
        if (!hadBindings) rmSync(bindings, { force: true });
      },
      explainer,
    };
  }
  const wasmTools = await wasmToolsForBuild(context.versions.wasmTools, context.downloads, context.log);
  return {
    steps: [
      ...(await addTargets([TARGET], cwd)),
      {
        title: 'Build the core module (cargo build)',
        command: 'cargo',
        args: ['build', '--release', '--target', TARGET],
        cwd,
      },
    ],
    tools: { builder: `cargo + component new (${componentMaker(wasmTools)})` },
    // wit-bindgen embeds the world in the module; turning it into a component is `component new`. The component
    // goes to the output, never over cargo's artifact, which cargo may not rebuild next time.
    finish: {
      title: 'Make the component (component new)',
      run: async () =>
        writeFileSync(context.output, await componentFromCore(readFileSync(built), {}, wasmTools?.executable)),
    },
    explainer,
  };
}

/**
 * The crate built again for wasm32-wasip1, only when the view trapped: a core module whose panics write their
 * message to stderr, which the conformance test keeps when it replays the calls (see TrapExplainer). Built into the
 * crate's own target folder, beside the real build, so that its dependencies are compiled once.
 */
async function panicExplainer(cwd: string, core: string): Promise<TrapExplainer> {
  for (const step of await addTargets([WASI_TARGET], cwd)) {
    await toolOutput({ title: step.title, command: step.command, args: step.args, cwd, timeoutMs: 5 * 60_000 });
  }
  await toolOutput({
    title: 'Building the view for wasm32-wasip1, whose panics say why (cargo build)',
    command: 'cargo',
    args: ['build', '--release', '--target', WASI_TARGET],
    cwd,
    timeoutMs: 15 * 60_000,
    env: { RUST_BACKTRACE: '0' },
  });
  return { kind: 'preview1-core', bytes: readFileSync(core) };
}

/** The folder of the workspace the crate belongs to (where Cargo.lock and target/ are), or the crate's own. */
function workspaceRoot(project: Project): string {
  for (let folder = project.folder; ; folder = path.dirname(folder)) {
    if (/^\[workspace\]/m.test(project.text(path.join(folder, 'Cargo.toml')) ?? '')) return folder;
    // A workspace of the view's crate is in its repository: the search stops at the repository's edge.
    if (path.dirname(folder) === folder || folder === project.boundary) return project.folder;
  }
}

/** rustc: "error[E0308]: mismatched types\n  --> src/lib.rs:10:5". */
function rustcErrors(output: string, { folder }: Project): Found[] {
  const found: Found[] = [];
  for (const match of plainText(output).matchAll(/^error(?:\[(E\d+)\])?: (.+)\n\s+--> ([^\s:]+):(\d+):\d+/gm)) {
    found.push(compilerError(`${match[1] ? `${match[1]}: ` : ''}${match[2]}`, match[3]!, match[4]!, folder));
  }
  return withoutRepeats(found);
}

export const rust: Language = {
  id: 'rust',
  displayName: 'Rust',
  markers: ['Cargo.toml'],
  producerNames: ['rust', 'rustc', 'wit-bindgen-rust', 'cargo-component'],
  // wasm-tools makes the component (as it validates every view): wasm-tools-version applies to both.
  tools: ['cargoComponent', 'wasmTools'],
  options: [{ input: BUILDER, choices: ['cargo', 'cargo-component'], defaultChoice: 'cargo' }],
  defaultEntry: () => undefined,
  defaultOutput: () => 'build/view.wasm',
  // Only an explicit cargo-component may be installed; each source has its own tool-cache entry.
  cachedTools: ({ versions, options, downloads }) =>
    options[BUILDER] === 'cargo-component'
      ? [
          [releaseCacheName(CARGO_COMPONENT, downloads), versions.cargoComponent],
          [crateToolName('cargo-component'), versions.cargoComponent],
        ]
      : [],
  plan: rustPlan,
  diagnostics: rustcErrors,
  async caches(project, { home, env, ask }) {
    const cargoHome = env.CARGO_HOME || path.join(home, '.cargo');
    const root = workspaceRoot(project);
    const target = env.CARGO_TARGET_DIR || path.join(root, 'target');
    // The crates as downloaded (cargo unpacks them again) and the release builds the view's build made: for the
    // host (build scripts, proc macros) and for the two targets; not the debug builds of other steps.
    const paths = [
      ...['registry/index', 'registry/cache', 'git/db'].map((folder) => path.join(cargoHome, folder)),
      path.join(target, 'release'),
      ...[TARGET, WASI_TARGET].map((triple) => path.join(target, triple, 'release')),
    ];
    const lockfiles = [path.join(root, 'Cargo.lock'), project.path('Cargo.toml')];
    const compiler = await ask(env.RUSTC || 'rustc', ['--version']);
    return [{ name: 'cargo', lockfiles, paths, compiler }];
  },
  projectName: (project) => {
    const manifest = project.text('Cargo.toml');
    return manifest ? tomlString(manifest, 'package', 'name') : undefined;
  },
  hints: {
    coreModule:
      'Build with `cargo component build --release --target wasm32-unknown-unknown` (plain `cargo build` gives a ' +
      'core module), or turn the module into a component with `wasm-tools component new`.',
    wasiImports:
      'The crate was built for a WASI target (wasm32-wasip1 or wasm32-wasip2). Build for `--target ' +
      'wasm32-unknown-unknown`, and check that no dependency (getrandom, std::time, println!) needs WASI.',
    command:
      'The crate was built as a command (a binary with `fn main`). Build a library: `[lib] crate-type = ["cdylib"]` ' +
      'and `wit_bindgen::generate!({ world: "state-machine", ... })` with an `export!` of your type.',
    worldMismatch:
      'Check the WIT folder and world given to `wit_bindgen::generate!` (or `[package.metadata.component]`): it ' +
      'must be primatomic:machine@0.0.1, world state-machine.',
  },
};
