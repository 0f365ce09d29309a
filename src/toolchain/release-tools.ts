import type { Platform } from './platform.ts';

const archive = (p: Platform) => (p.os === 'windows' ? 'zip' : 'tar.gz');

/**
 * The tools downloaded from GitHub releases: where each asset is and what is inside. Their versions are in
 * tool-versions.ts and their sha256 in release-checksums.ts.
 */
export interface ReleaseTool {
  name: string;
  /** The asset's path on github.com (or a mirror), for a version and platform. */
  assetPath(version: string, platform: Platform): string;
  /** `binary`: the asset is the executable itself. */
  format(platform: Platform): 'tar.gz' | 'zip' | 'binary';
  /** The executable's path inside the extracted archive. */
  executable(version: string, platform: Platform): string;
}

export const WASM_TOOLS: ReleaseTool = {
  name: 'wasm-tools',
  assetPath: (v, p) => `/bytecodealliance/wasm-tools/releases/download/v${v}/wasm-tools-${v}-${p.key}.${archive(p)}`,
  format: archive,
  executable: (v, p) => `wasm-tools-${v}-${p.key}/wasm-tools${p.exe}`,
};

export const CARGO_COMPONENT: ReleaseTool = {
  name: 'cargo-component',
  // A raw binary named after the Rust triple, without .exe even on Windows.
  assetPath: (v, p) => `/bytecodealliance/cargo-component/releases/download/v${v}/cargo-component-${p.rustTriple}`,
  format: () => 'binary',
  executable: (_v, p) => `cargo-component${p.exe}`,
};

export const TINYGO: ReleaseTool = {
  name: 'tinygo',
  assetPath: (v, p) => `/tinygo-org/tinygo/releases/download/v${v}/tinygo${v}.${p.goos}-${p.goarch}.${archive(p)}`,
  format: archive,
  executable: (_v, p) => `tinygo/bin/tinygo${p.exe}`,
};

export const RELEASE_TOOLS = [WASM_TOOLS, CARGO_COMPONENT, TINYGO] as const;
