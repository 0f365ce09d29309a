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
};
