import { CARGO_COMPONENT, TINYGO, WASM_TOOLS } from './tools/release-tools.ts';

/**
 * The pinned tool versions, one table: every default the build uses comes from here, and each has an input that
 * overrides it. The npm and PyPI tools are verified by their registries' integrity data.
 */
export interface ToolVersions {
  jco: string;
  componentizeJs: string;
  /** Bundles a TypeScript entry into one ES module before componentize. */
  esbuild: string;
  componentizePy: string;
  /** Downloaded from GitHub releases (see tools/release-tools.ts for their checksums). */
  wasmTools: string;
  cargoComponent: string;
  tinygo: string;
}

export const DEFAULT_TOOL_VERSIONS: ToolVersions = {
  jco: '1.35.0',
  // The version jco 1.35.0 was tested with here; 0.23.0 is newer.
  componentizeJs: '0.22.0',
  esbuild: '0.28.2',
  componentizePy: '0.25.1',
  wasmTools: WASM_TOOLS.defaultVersion,
  cargoComponent: CARGO_COMPONENT.defaultVersion,
  tinygo: TINYGO.defaultVersion,
};

/** The input that overrides each version. */
export const VERSION_INPUTS: Record<keyof ToolVersions, string> = {
  jco: 'jco-version',
  componentizeJs: 'componentize-js-version',
  esbuild: 'esbuild-version',
  componentizePy: 'componentize-py-version',
  wasmTools: 'wasm-tools-version',
  cargoComponent: 'cargo-component-version',
  tinygo: 'tinygo-version',
};
