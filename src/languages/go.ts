import path from 'node:path';
import { which } from '@actions/io';
import { BuildError } from '../kernel/errors.ts';
import type { Found } from '../kernel/findings.ts';
import { findOrInstall, pathWith } from '../toolchain/find-or-install.ts';
import { TINYGO, WASM_TOOLS } from '../toolchain/release-tools.ts';
import { compilerError, plainText, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, Language } from './language.ts';
import { readProjectFile } from './project-files.ts';

async function goPlan(context: BuildContext): Promise<BuildPlan> {
  if (!(await which('go', false))) {
    throw new BuildError('Go is not on PATH; TinyGo needs it.', 'go', '', 'Add actions/setup-go before this step.');
  }
  // TinyGo runs wasm-tools itself, so both go on PATH.
  const tinygo = await findOrInstall(TINYGO, context.versions.tinygo, context.downloads, context.log);
  const wasmTools = await findOrInstall(WASM_TOOLS, context.versions.wasmTools, context.downloads, context.log);
  const witArgs = ['--wit-package', context.witPath, '--wit-world', context.world];
  return {
    steps: [
      {
        title: 'Build the component (tinygo build -target=wasip2)',
        command: tinygo.executable,
        args: ['build', '-target=wasip2', ...witArgs, '-o', context.output, context.entry!],
        cwd: context.workingDirectory,
        env: pathWith([tinygo.pathFolder, wasmTools.pathFolder]),
      },
    ],
    tools: { tinygo: tinygo.source, 'wasm-tools': wasmTools.source },
  };
}

/** Go and TinyGo: "./main.go:12:3: message". */
function goErrors(output: string, workingDirectory: string): Found[] {
  const found: Found[] = [];
  for (const match of plainText(output).matchAll(/^(\.?\.?\/?[\w./-]+\.go):(\d+):\d+: (.+)$/gm)) {
    found.push(compilerError(match[3]!, match[1]!, match[2]!, workingDirectory));
  }
  return withoutRepeats(found);
}

export const go: Language = {
  id: 'go',
  displayName: 'Go (TinyGo)',
  markers: ['go.mod'],
  producerNames: ['go', 'tinygo'],
  tools: ['tinygo', 'wasmTools'],
  defaultEntry: () => '.',
  defaultOutput: () => 'build/view.wasm',
  cachedTools: ({ versions }) => [
    [TINYGO.name, versions.tinygo],
    [WASM_TOOLS.name, versions.wasmTools],
  ],
  plan: goPlan,
  diagnostics: goErrors,
  caches: (_workingDirectory, home) => [
    {
      name: 'go',
      lockfiles: ['go.sum', 'go.mod'],
      paths: [
        process.env.GOMODCACHE || path.join(home, 'go', 'pkg', 'mod'),
        process.env.GOCACHE || path.join(home, '.cache', 'go-build'),
      ],
    },
  ],
  projectName: (workingDirectory) =>
    /^module\s+(\S+)/m
      .exec(readProjectFile(workingDirectory, 'go.mod') ?? '')?.[1]
      ?.split('/')
      .pop(),
  hints: {
    coreModule:
      'Build a component with `tinygo build -target=wasip2 --wit-package <wit> --wit-world state-machine -o ' +
      'view.wasm .` (`-target=wasm` or `wasi` give core modules).',
    wasiImports:
      "TinyGo's wasip2 output always imports WASI (its runtime uses wasi:cli/environment, clocks, random, ...), " +
      'and Primatomic provides no imports. Known ways out: virtualise WASI (WASI-Virt) or compose the view with ' +
      'a component that exports deterministic or trapping stubs for those interfaces. To see the other checks ' +
      'while you work on it, list the interfaces in `allow-imports`.',
    command:
      'The Go build produced a command component (it exports wasi:cli/run). Build the view as a library ' +
      'exporting the world (no work in `main`), as a reactor.',
    worldMismatch:
      'Check `--wit-package` (the folder holding primatomic:machine@0.0.1) and `--wit-world state-machine`; ' +
      '`--wit-world` alone looks in the WASI package TinyGo bundles.',
  },
};
