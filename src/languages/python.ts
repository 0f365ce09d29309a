import type { BuildContext, BuildPlan } from '../build/build-context.ts';
import { installComponentizePy, PYTHON_TOOL } from '../build/tools/python-toolchain.ts';
import type { Language } from './language.ts';

export const python: Language = {
  id: 'python',
  displayName: 'Python',
  producerNames: ['python', 'componentize-py'],
  hints: {
    coreModule:
      'Build with `componentize-py --wit-path <wit> --world state-machine componentize app -o view.wasm --stub-wasi`.',
    wasiImports:
      'The view was built without `--stub-wasi`, so it imports WASI. Add `--stub-wasi` to `componentize-py ... componentize` (WASI calls then trap).',
    command:
      'The component exports wasi:cli/run. Build a library component: the module defines `class Machine(wit_world.exports.Machine)` and nothing runs at import time.',
    worldMismatch:
      'Check `--wit-path` (the primatomic:machine@0.0.1 WIT) and `--world state-machine` given to componentize-py, and that `Machine` implements all five methods.',
  },
  toolchainExports: {
    exports: 'componentize-py adds this export (its initialisation entry point, `init(app-name, symbols, stub-wasi)`); it cannot be turned off.',
  },
  build: {
    markers: ['pyproject.toml', 'requirements.txt', 'app.py'],
    defaultEntry: () => 'app',
    defaultOutput: () => 'build/view.wasm',
    cachedTools: ({ versions }) => [[PYTHON_TOOL, versions.componentizePy]],
    async plan(context: BuildContext): Promise<BuildPlan> {
      const { componentizePy } = await installComponentizePy(context.versions.componentizePy);
      return {
        steps: [{
          title: 'Componentize (componentize-py --stub-wasi)',
          command: componentizePy,
          args: ['--wit-path', context.witPath, '--world', context.world, 'componentize', context.entry!, '-o', context.output, '--stub-wasi'],
          cwd: context.workingDirectory,
        }],
        tools: { 'componentize-py': context.versions.componentizePy },
      };
    },
  },
};
