import type { BuildContext, BuildPlan } from '../build/build-context.ts';
import { isTypeScript, jsEntry } from '../build/entry.ts';
import { installJsToolchain, JS_TOOL, jsToolVersion } from '../build/tools/js-toolchain.ts';
import type { Language, LanguageBuild } from './language.ts';

export const javascript: Language = {
  id: 'js',
  displayName: 'JavaScript',
  producerNames: ['javascript', 'componentizejs', 'componentize-js', 'jco'],
  hints: {
    coreModule:
      'Build with `jco componentize --wit <wit> --world-name state-machine --out view.wasm --disable=all view.js`; the output of componentize is a component.',
    wasiImports:
      'The view was componentized without `--disable=all`, so it imports clocks, random, stdio and http. Add `--disable=all` to `jco componentize` (console.log output is then lost).',
    command:
      'The component exports wasi:cli/run. Export only the `machine` interface from your module (`export const machine = { init, append, query, snapshot, restore }`).',
    worldMismatch:
      'Check `--wit` (the primatomic:machine@0.0.1 WIT) and `--world-name state-machine` given to `jco componentize`, and that the module exports `machine` with all five functions.',
  },
  build: jsBuild(false),
};

/** The JavaScript build, and the TypeScript one that bundles the entry into one ES module first (with esbuild). */
export function jsBuild(typescript: boolean): LanguageBuild {
  return {
    markers: ['package.json'],
    defaultEntry: jsEntry,
    defaultOutput: () => 'build/view.wasm',
    cachedTools: ({ versions }) => [[JS_TOOL, jsToolVersion(versions)]],
    async plan(context: BuildContext): Promise<BuildPlan> {
      const tools = await installJsToolchain(context.versions);
      const entry = context.entry!;
      const steps = [];
      let module = entry;
      if (typescript || isTypeScript(entry)) {
        module = `${context.scratch}/view.js`;
        steps.push({
          title: 'Bundle the TypeScript entry into one ES module (esbuild)',
          command: tools.esbuild,
          args: [entry, '--bundle', '--format=esm', '--platform=neutral', '--target=es2022', '--sourcemap=inline', `--outfile=${module}`],
          cwd: context.workingDirectory,
        });
      }
      steps.push({
        title: 'Componentize (jco componentize --disable=all)',
        command: process.execPath,
        args: [tools.jco, 'componentize', '--wit', context.witPath, '--world-name', context.world, '--out', context.output, '--disable=all', module],
        cwd: context.workingDirectory,
      });
      const versions = { jco: context.versions.jco, 'componentize-js': context.versions.componentizeJs };
      return { steps, tools: typescript ? { ...versions, esbuild: context.versions.esbuild } : versions };
    },
  };
}
