import type { Platform } from './platform.ts';
import type { ToolId } from './tool-versions.ts';

const archive = (p: Platform) => (p.os === 'windows' ? 'zip' : 'tar.gz');

/**
 * The tools downloaded from GitHub releases: where each asset is and what is inside. Their versions are in
 * tool-versions.ts and their sha256 in release-checksums.ts.
 */
export interface ReleaseTool {
  /** Its row in the version table. */
  id: ToolId;
  name: string;
  /** The asset's path on github.com (or a mirror), for a version and platform. */
  assetPath(version: string, platform: Platform): string;
  /** `binary`: the asset is the executable itself. */
  format(platform: Platform): 'tar.gz' | 'zip' | 'binary';
  /** The executable's path inside the extracted archive. */
  executable(version: string, platform: Platform): string;
  /** The platforms (checksum table keys) it publishes builds for. */
  platforms: string[];
}

const EVERY_RUNNER = ['x86_64-linux', 'aarch64-linux', 'x86_64-macos', 'aarch64-macos', 'x86_64-windows'];

export const WASM_TOOLS: ReleaseTool = {
  id: 'wasmTools',
  name: 'wasm-tools',
  assetPath: (v, p) => `/bytecodealliance/wasm-tools/releases/download/v${v}/wasm-tools-${v}-${p.key}.${archive(p)}`,
  format: archive,
  executable: (v, p) => `wasm-tools-${v}-${p.key}/wasm-tools${p.exe}`,
  platforms: EVERY_RUNNER,
};

export const CARGO_COMPONENT: ReleaseTool = {
  id: 'cargoComponent',
  name: 'cargo-component',
  // A raw binary named after the Rust triple, without .exe even on Windows, where it is built for the GNU ABI.
  assetPath: (v, p) =>
    `/bytecodealliance/cargo-component/releases/download/v${v}/cargo-component-` +
    (p.os === 'windows' ? `${p.arch}-pc-windows-gnu` : p.rustTriple),
  format: () => 'binary',
  executable: (_v, p) => `cargo-component${p.exe}`,
  platforms: EVERY_RUNNER,
};

export const TINYGO: ReleaseTool = {
  id: 'tinygo',
  name: 'tinygo',
  assetPath: (v, p) => `/tinygo-org/tinygo/releases/download/v${v}/tinygo${v}.${p.goos}-${p.goarch}.${archive(p)}`,
  format: archive,
  executable: (_v, p) => `tinygo/bin/tinygo${p.exe}`,
  platforms: EVERY_RUNNER,
};

export const RELEASE_TOOLS = [WASM_TOOLS, CARGO_COMPONENT, TINYGO] as const;
