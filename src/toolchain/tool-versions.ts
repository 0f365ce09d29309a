/**
 * Every tool the builds install, with its pinned default version and the input that overrides it: the one
 * table of versions. npm and PyPI tools are verified by their registries; release downloads by
 * release-checksums.ts, which must hold every default here (a test checks it).
 */
export const TOOLS = {
  jco: { input: 'jco-version', defaultVersion: '1.35.0' },
  // The version jco 1.35.0 was tested with here; 0.23.0 is newer.
  componentizeJs: { input: 'componentize-js-version', defaultVersion: '0.22.0' },
  /** Bundles a TypeScript entry into one ES module before componentize. */
  esbuild: { input: 'esbuild-version', defaultVersion: '0.28.2' },
  /** Type-checks a TypeScript view against the contract's types (TypeScript 7, the native compiler). */
  typescript: { input: 'typescript-version', defaultVersion: '7.0.2' },
  componentizePy: { input: 'componentize-py-version', defaultVersion: '0.25.1' },
  wasmTools: { input: 'wasm-tools-version', defaultVersion: '1.257.1' },
  cargoComponent: { input: 'cargo-component-version', defaultVersion: '0.21.1' },
  tinygo: { input: 'tinygo-version', defaultVersion: '0.40.1' },
} as const satisfies Record<string, { input: string; defaultVersion: string }>;

export type ToolId = keyof typeof TOOLS;
export type ToolVersions = Record<ToolId, string>;

export const DEFAULT_TOOL_VERSIONS = Object.fromEntries(
  Object.entries(TOOLS).map(([tool, { defaultVersion }]) => [tool, defaultVersion]),
) as ToolVersions;

/** An exact version (`1.35.0`, `0.1.0-rc.1`): tools are pinned, never resolved from a range. */
export const EXACT_VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
