import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTool } from './run-tool.ts';
import { installInToolCache } from './tool-cache.ts';
import type { ToolVersions } from './tool-versions.ts';

export interface JsToolchain {
  /** jco's CLI script, run with this process's node. */
  jco: string;
  esbuild: string;
  cached: boolean;
}

/** The tool-cache name of the JS toolchain. */
export const JS_TOOLCHAIN = 'primatomic-jco';

/** One tool-cache entry holds the three, so its version names all three. */
export function jsToolchainVersion(versions: ToolVersions): string {
  return `${versions.jco}-componentize-js.${versions.componentizeJs}-esbuild.${versions.esbuild}`;
}

/**
 * jco, componentize-js and esbuild from the npm registry (npm verifies their integrity), installed once into the
 * tool cache. preview2-shim is held at 0.26.0: with 0.26.1 every path-based call inside jco fails.
 */
export async function installJsToolchain(versions: ToolVersions): Promise<JsToolchain> {
  const { folder, cached } = await installFromNpm(
    JS_TOOLCHAIN,
    jsToolchainVersion(versions),
    `jco ${versions.jco} and componentize-js ${versions.componentizeJs}`,
    {
      dependencies: {
        '@bytecodealliance/jco': versions.jco,
        '@bytecodealliance/componentize-js': versions.componentizeJs,
        esbuild: versions.esbuild,
      },
      overrides: { '@bytecodealliance/preview2-shim': '0.26.0' },
    },
  );
  const jco = path.join(folder, 'node_modules/@bytecodealliance/jco/dist/jco.js');
  const esbuild = path.join(folder, 'node_modules/.bin/esbuild');
  return { jco, esbuild, cached };
}

/** The tool-cache name of TypeScript, which type-checks TypeScript views. */
export const TYPESCRIPT = 'primatomic-typescript';

/** TypeScript's compiler (its `tsc` script, run with this process's node), from npm into the tool cache. */
export async function installTypeScript(version: string): Promise<{ tsc: string; cached: boolean }> {
  const description = `TypeScript ${version}`;
  const manifest = { dependencies: { typescript: version } };
  const { folder, cached } = await installFromNpm(TYPESCRIPT, version, description, manifest);
  return { tsc: path.join(folder, 'node_modules/typescript/bin/tsc'), cached };
}

/** npm packages installed once into a tool-cache folder of their own (npm verifies their integrity). */
function installFromNpm(tool: string, version: string, description: string, manifest: object) {
  return installInToolCache(tool, version, async (dir) => {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, ...manifest }, null, 2)}\n`);
    await runTool(
      `Installing ${description} from npm`,
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error'],
      dir,
    );
  });
}
