import type { Platform } from './platform.ts';

/**
 * The tools downloaded from GitHub releases: where each asset is, what is inside, and its sha256 per platform
 * for the pinned versions. One table; refresh it when a pin changes. A version or platform not here is refused
 * unless the user gives the checksum (`tool-checksums`) or turns verification off (`verify-checksums: false`).
 */
export interface ReleaseTool {
  name: string;
  defaultVersion: string;
  /** The asset's path on github.com (or a mirror), for a version and platform. */
  assetPath(version: string, platform: Platform): string;
  /** `binary`: the asset is the executable itself. */
  format(platform: Platform): 'tar.gz' | 'zip' | 'binary';
  /** The executable's path inside the extracted archive. */
  executable(version: string, platform: Platform): string;
  /** sha256 by version, then by platform key. */
  checksums: Record<string, Record<string, string>>;
}

export const WASM_TOOLS: ReleaseTool = {
  name: 'wasm-tools',
  defaultVersion: '1.257.1',
  assetPath: (v, p) => `/bytecodealliance/wasm-tools/releases/download/v${v}/wasm-tools-${v}-${p.key}.${p.os === 'windows' ? 'zip' : 'tar.gz'}`,
  format: (p) => (p.os === 'windows' ? 'zip' : 'tar.gz'),
  executable: (v, p) => `wasm-tools-${v}-${p.key}/wasm-tools${p.exe}`,
  checksums: {
    '1.257.1': {
      'x86_64-linux': 'acea0a6f71b15f3b2d394f97453398f29099cec52df93bb25741a22561639b24',
    },
  },
};

export const CARGO_COMPONENT: ReleaseTool = {
  name: 'cargo-component',
  defaultVersion: '0.21.1',
  // A raw binary named after the Rust triple, without .exe even on Windows.
  assetPath: (v, p) => `/bytecodealliance/cargo-component/releases/download/v${v}/cargo-component-${p.rustTriple}`,
  format: () => 'binary',
  executable: (_v, p) => `cargo-component${p.exe}`,
  checksums: {},
};

export const TINYGO: ReleaseTool = {
  name: 'tinygo',
  defaultVersion: '0.39.0',
  assetPath: (v, p) => `/tinygo-org/tinygo/releases/download/v${v}/tinygo${v}.${p.goos}-${p.goarch}.${p.os === 'windows' ? 'zip' : 'tar.gz'}`,
  format: (p) => (p.os === 'windows' ? 'zip' : 'tar.gz'),
  executable: (_v, p) => `tinygo/bin/tinygo${p.exe}`,
  checksums: {},
};

export const RELEASE_TOOLS = [WASM_TOOLS, CARGO_COMPONENT, TINYGO] as const;
