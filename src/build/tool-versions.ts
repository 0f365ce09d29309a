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
}

export const DEFAULT_TOOL_VERSIONS: ToolVersions = {
  jco: '1.35.0',
  // The version jco 1.35.0 was tested with here; 0.23.0 is newer.
  componentizeJs: '0.22.0',
  esbuild: '0.28.2',
  componentizePy: '0.25.1',
};

/** The input that overrides each version. */
export const VERSION_INPUTS: Record<keyof ToolVersions, string> = {
  jco: 'jco-version',
  componentizeJs: 'componentize-js-version',
  esbuild: 'esbuild-version',
  componentizePy: 'componentize-py-version',
};
