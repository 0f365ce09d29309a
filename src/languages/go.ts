import { which } from '@actions/io';
import type { BuildContext, BuildPlan } from '../build/build-context.ts';
import { BuildError } from '../build/build-error.ts';
import { ensureReleaseTool, pathWith } from '../build/tools/ensure-tool.ts';
import { TINYGO, WASM_TOOLS } from '../build/tools/release-tools.ts';
import type { Language } from './language.ts';

async function goPlan(context: BuildContext): Promise<BuildPlan> {
  if (!(await which('go', false))) {
    throw new BuildError('Go is not on PATH; TinyGo needs it.', 'go', '', 'Add actions/setup-go before this step.');
  }
  // TinyGo runs wasm-tools itself, so both go on PATH.
  const tinygo = await ensureReleaseTool(TINYGO, context.versions.tinygo, context);
  const wasmTools = await ensureReleaseTool(WASM_TOOLS, context.versions.wasmTools, context);
  return {
    steps: [{
      title: 'Build the component (tinygo build -target=wasip2)',
      command: tinygo.executable,
      args: ['build', '-target=wasip2', '--wit-package', context.witPath, '--wit-world', context.world, '-o', context.output, context.entry!],
      cwd: context.workingDirectory,
      env: pathWith([tinygo.pathFolder, wasmTools.pathFolder]),
    }],
    tools: { tinygo: tinygo.source, 'wasm-tools': wasmTools.source },
  };
}

export const go: Language = {
  id: 'go',
  displayName: 'Go (TinyGo)',
  producerNames: ['go', 'tinygo'],
  hints: {
    coreModule:
      'Build a component with `tinygo build -target=wasip2 --wit-package <wit> --wit-world state-machine -o view.wasm .` (`-target=wasm` or `wasi` give core modules).',
    wasiImports:
      "TinyGo's wasip2 output always imports WASI (its runtime uses wasi:cli/environment, clocks, random, ...), and Primatomic provides no imports. Known ways out: virtualise WASI (WASI-Virt) or compose the view with a component that exports deterministic or trapping stubs for those interfaces. To see the other checks while you work on it, list the interfaces in `allow-imports`.",
    command:
      'The Go build produced a command component (it exports wasi:cli/run). Build the view as a library exporting the world (no work in `main`), as a reactor.',
    worldMismatch:
      'Check `--wit-package` (the folder holding primatomic:machine@0.0.1) and `--wit-world state-machine`; `--wit-world` alone looks in the WASI package TinyGo bundles.',
  },
  build: {
    markers: ['go.mod'],
    defaultEntry: () => '.',
    defaultOutput: () => 'build/view.wasm',
    cachedTools: ({ versions }) => [[TINYGO.name, versions.tinygo], [WASM_TOOLS.name, versions.wasmTools]],
    plan: goPlan,
  },
};
