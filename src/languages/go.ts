import type { Language } from './language.ts';

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
};
