import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ToolVersions } from '../tool-versions.ts';
import { runTool } from './run-tool.ts';
import { installInToolCache } from './tool-cache.ts';

export interface JsToolchain {
  /** jco's CLI script, run with this process's node. */
  jco: string;
  esbuild: string;
  cached: boolean;
}

export const JS_TOOL = 'primatomic-jco';

/** One tool-cache entry holds the three, so its version names all three. */
export function jsToolVersion(versions: ToolVersions): string {
  return `${versions.jco}-componentize-js.${versions.componentizeJs}-esbuild.${versions.esbuild}`;
}

/**
 * jco, componentize-js and esbuild from the npm registry (npm verifies their integrity), installed once into the
 * tool cache. preview2-shim is held at 0.26.0: with 0.26.1 every path-based call inside jco fails (TOOLCHAINS.md).
 */
export async function installJsToolchain(versions: ToolVersions): Promise<JsToolchain> {
  const { folder, cached } = await installInToolCache(JS_TOOL, jsToolVersion(versions), async (dir) => {
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({
      private: true,
      dependencies: {
        '@bytecodealliance/jco': versions.jco,
        '@bytecodealliance/componentize-js': versions.componentizeJs,
        esbuild: versions.esbuild,
      },
      overrides: { '@bytecodealliance/preview2-shim': '0.26.0' },
    }, null, 2)}\n`);
    await runTool(`Installing jco ${versions.jco} and componentize-js ${versions.componentizeJs} from npm`,
      'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  });
  const jco = path.join(folder, 'node_modules/@bytecodealliance/jco/dist/jco.js');
  const esbuild = path.join(folder, 'node_modules/.bin/esbuild');
  return { jco, esbuild, cached };
}

/** Exact versions of jco and componentize-js the project's own package.json pins, which win over the defaults. */
export function projectPins(workingDirectory: string): Partial<ToolVersions> {
  const file = path.join(workingDirectory, 'package.json');
  if (!existsSync(file)) return {};
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
  } catch {
    return {};
  }
  const all = { ...manifest.dependencies, ...manifest.devDependencies };
  const exact = (name: string) => (/^\d+\.\d+\.\d+$/.test(all[name] ?? '') ? all[name] : undefined);
  const pins: Partial<ToolVersions> = {};
  const jco = exact('@bytecodealliance/jco');
  const componentizeJs = exact('@bytecodealliance/componentize-js');
  if (jco) pins.jco = jco;
  if (componentizeJs) pins.componentizeJs = componentizeJs;
  return pins;
}
