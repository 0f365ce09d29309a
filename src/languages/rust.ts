import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { which } from '@actions/io';
import { BuildError } from '../kernel/errors.ts';
import type { Found } from '../kernel/findings.ts';
import { findOrInstall, pathWith } from '../toolchain/find-or-install.ts';
import { CARGO_COMPONENT } from '../toolchain/release-tools.ts';
import { wasmTools } from '../wasm/jco.ts';
import { compilerError, plainText, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, BuildStep, Language } from './language.ts';
import { readProjectFile, tomlString } from './project-files.ts';

const TARGET = 'wasm32-unknown-unknown';
const BUILDER = 'rust-builder';

/** The package's name and its library's file name as cargo writes it (`[lib] name`, else the package's, `-` as `_`). */
function cargoPackage(workingDirectory: string): { name: string; libName: string } | undefined {
  const manifest = readProjectFile(workingDirectory, 'Cargo.toml');
  const name = manifest && tomlString(manifest, 'package', 'name');
  if (!manifest || !name) return undefined;
  return { name, libName: (tomlString(manifest, 'lib', 'name') ?? name).replaceAll('-', '_') };
}

/** Where cargo writes the release build (CARGO_TARGET_DIR moves it). */
function releaseArtifact(workingDirectory: string): string {
  const crate = cargoPackage(workingDirectory);
  if (!crate) throw new BuildError('Cargo.toml has no [package] name.', 'reading Cargo.toml', '');
  return path.join(process.env.CARGO_TARGET_DIR || 'target', TARGET, 'release', `${crate.libName}.wasm`);
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
  const steps: BuildStep[] = [];
  if (!targetInstalled() && !process.env.CARGO_UNSTABLE_BUILD_STD && (await which('rustup', false))) {
    steps.push({
      title: `Add the ${TARGET} target (rustup)`,
      command: 'rustup',
      args: ['target', 'add', TARGET],
      cwd: context.workingDirectory,
    });
  }
  if (context.options[BUILDER] === 'cargo-component') {
    const cargoComponent = await findOrInstall(
      CARGO_COMPONENT,
      context.versions.cargoComponent,
      context.downloads,
      context.log,
    ).catch((error: unknown) => {
      if (!(error instanceof BuildError)) throw error;
      const hint = `${error.hint ?? ''} Or set rust-builder: cargo, which builds the same component with cargo alone.`;
      throw new BuildError(error.message, error.command, error.output, hint.trim());
    });
    steps.push({
      title: 'Build the component (cargo component build)',
      command: 'cargo',
      args: ['component', 'build', '--release', '--target', TARGET],
      cwd: context.workingDirectory,
      env: pathWith([cargoComponent.pathFolder]),
    });
    const copy = built !== context.output ? async () => writeFileSync(context.output, readFileSync(built)) : undefined;
    return { steps, tools: { 'cargo-component': cargoComponent.source }, ...(copy && { finish: copy }) };
  }
  steps.push({
    title: 'Build the core module (cargo build)',
    command: 'cargo',
    args: ['build', '--release', '--target', TARGET],
    cwd: context.workingDirectory,
  });
  return {
    steps,
    tools: { builder: 'cargo + component new (in-process)' },
    // wit-bindgen embeds the world in the module; turning it into a component is jco's componentNew, in-process.
    finish: async () =>
      writeFileSync(context.output, await (await wasmTools()).componentNew(readFileSync(built), undefined)),
  };
}

/** rustc: "error[E0308]: mismatched types\n  --> src/lib.rs:10:5". */
function rustcErrors(output: string, workingDirectory: string): Found[] {
  const found: Found[] = [];
  for (const match of plainText(output).matchAll(/^error(?:\[(E\d+)\])?: (.+)\n\s+--> ([^\s:]+):(\d+):\d+/gm)) {
    found.push(compilerError(`${match[1] ? `${match[1]}: ` : ''}${match[2]}`, match[3]!, match[4]!, workingDirectory));
  }
  return withoutRepeats(found);
}

export const rust: Language = {
  id: 'rust',
  displayName: 'Rust',
  markers: ['Cargo.toml'],
  producerNames: ['rust', 'rustc', 'wit-bindgen-rust', 'cargo-component'],
  tools: ['cargoComponent'],
  options: [{ input: BUILDER, choices: ['cargo-component', 'cargo'], defaultChoice: 'cargo-component' }],
  defaultEntry: () => undefined,
  defaultOutput: releaseArtifact,
  cachedTools: ({ versions, options }) =>
    options[BUILDER] === 'cargo-component' ? [[CARGO_COMPONENT.name, versions.cargoComponent]] : [],
  plan: rustPlan,
  diagnostics: rustcErrors,
  caches(workingDirectory, home) {
    const cargoHome = process.env.CARGO_HOME || path.join(home, '.cargo');
    const paths = [
      path.join(cargoHome, 'registry'),
      path.join(cargoHome, 'git'),
      path.join(workingDirectory, 'target'),
    ];
    return [{ name: 'cargo', lockfiles: ['Cargo.lock', 'Cargo.toml'], paths }];
  },
  projectName: (workingDirectory) => cargoPackage(workingDirectory)?.name,
  hints: {
    coreModule:
      'Build with `cargo component build --release --target wasm32-unknown-unknown` (plain `cargo build` gives a ' +
      'core module), or turn the module into a component with `wasm-tools component new`.',
    wasiImports:
      'The crate was built for a WASI target (wasm32-wasip1 or wasm32-wasip2). Build for `--target ' +
      'wasm32-unknown-unknown`, and check that no dependency (getrandom, std::time, println!) needs WASI.',
    command:
      'The crate was built as a command (a binary with `fn main`). Build a library: `[lib] crate-type = ' +
      '["cdylib"]` and `wit_bindgen::generate!({ world: "state-machine", ... })` with an `export!` of your type.',
    worldMismatch:
      'Check the WIT folder and world given to `wit_bindgen::generate!` (or `[package.metadata.component]`): it ' +
      'must be primatomic:machine@0.0.1, world state-machine.',
  },
};
