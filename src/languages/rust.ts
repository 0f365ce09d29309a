import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { which } from '@actions/io';
import type { BuildContext, BuildPlan } from '../build/build-context.ts';
import { BuildError } from '../build/build-error.ts';
import { ensureReleaseTool, pathWith } from '../build/tools/ensure-tool.ts';
import { CARGO_COMPONENT } from '../build/tools/release-tools.ts';
import { wasmTools } from '../wasm/jco.ts';
import type { Language } from './language.ts';

const TARGET = 'wasm32-unknown-unknown';

/** The crate's library name as cargo writes it: `[lib] name`, else the package name with `-` as `_`. */
function crateName(workingDirectory: string): string {
  const manifest = readFileSync(path.join(workingDirectory, 'Cargo.toml'), 'utf8');
  const lib = /^\[lib\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1];
  const name = lib ?? /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1];
  if (!name) throw new BuildError('Cargo.toml has no [package] name.', 'reading Cargo.toml', '');
  return name.replaceAll('-', '_');
}

/** Where cargo writes the release build (CARGO_TARGET_DIR moves it). */
function releaseArtifact(workingDirectory: string): string {
  return path.join(process.env.CARGO_TARGET_DIR || 'target', TARGET, 'release', `${crateName(workingDirectory)}.wasm`);
}

/** Whether rustc's sysroot has the target's standard library (with -Zbuild-std it is built from source instead). */
function targetInstalled(): boolean {
  try {
    const sysroot = execFileSync(process.env.RUSTC || 'rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
    return existsSync(path.join(sysroot, 'lib', 'rustlib', TARGET));
  } catch {
    return false;
  }
}

async function rustPlan(context: BuildContext): Promise<BuildPlan> {
  const built = path.resolve(context.workingDirectory, releaseArtifact(context.workingDirectory));
  const steps = [];
  if (!targetInstalled() && !process.env.CARGO_UNSTABLE_BUILD_STD && (await which('rustup', false))) {
    steps.push({ title: `Add the ${TARGET} target (rustup)`, command: 'rustup', args: ['target', 'add', TARGET], cwd: context.workingDirectory });
  }
  if (context.rustBuilder === 'cargo-component') {
    const cargoComponent = await ensureReleaseTool(CARGO_COMPONENT, context.versions.cargoComponent, context).catch((error: unknown) => {
      if (!(error instanceof BuildError)) throw error;
      throw new BuildError(error.message, error.command, error.output, `${error.hint ?? ''} Or set rust-builder: cargo, which builds the same component with cargo alone.`.trim());
    });
    steps.push({ title: 'Build the component (cargo component build)', command: 'cargo', args: ['component', 'build', '--release', '--target', TARGET], cwd: context.workingDirectory, env: pathWith([cargoComponent.pathFolder]) });
    return { steps, tools: { 'cargo-component': cargoComponent.source }, ...(built !== context.output && { finish: async () => writeFileSync(context.output, readFileSync(built)) }) };
  }
  steps.push({ title: 'Build the core module (cargo build)', command: 'cargo', args: ['build', '--release', '--target', TARGET], cwd: context.workingDirectory });
  return {
    steps,
    tools: { builder: 'cargo + component new (in-process)' },
    // wit-bindgen embeds the world in the module; turning it into a component is jco's componentNew, in-process.
    finish: async () => writeFileSync(context.output, await (await wasmTools()).componentNew(readFileSync(built), undefined)),
  };
}

export const rust: Language = {
  id: 'rust',
  displayName: 'Rust',
  producerNames: ['rust', 'rustc', 'wit-bindgen-rust', 'cargo-component'],
  hints: {
    coreModule:
      'Build with `cargo component build --release --target wasm32-unknown-unknown` (plain `cargo build` gives a core module), or turn the module into a component with `wasm-tools component new`.',
    wasiImports:
      'The crate was built for a WASI target (wasm32-wasip1 or wasm32-wasip2). Build for `--target wasm32-unknown-unknown`, and check that no dependency (getrandom, std::time, println!) needs WASI.',
    command:
      'The crate was built as a command (a binary with `fn main`). Build a library: `[lib] crate-type = ["cdylib"]` and `wit_bindgen::generate!({ world: "state-machine", ... })` with an `export!` of your type.',
    worldMismatch:
      'Check the WIT folder and world given to `wit_bindgen::generate!` (or `[package.metadata.component]`): it must be primatomic:machine@0.0.1, world state-machine.',
  },
  build: {
    markers: ['Cargo.toml'],
    defaultEntry: () => undefined,
    defaultOutput: releaseArtifact,
    cachedTools: ({ versions, rustBuilder }) => (rustBuilder === 'cargo-component' ? [[CARGO_COMPONENT.name, versions.cargoComponent]] : []),
    plan: rustPlan,
  },
};
