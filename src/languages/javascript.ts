import type { Language } from './language.ts';

export const javascript: Language = {
  id: 'js',
  displayName: 'JavaScript/TypeScript',
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
};
