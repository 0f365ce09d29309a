import type { Language } from './language.ts';

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
};
