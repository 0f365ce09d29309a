import { javascript, jsBuild } from './javascript.ts';
import type { Language } from './language.ts';

/** TypeScript views: JavaScript's toolchain and hints, after bundling the entry to one ES module. */
export const typescript: Language = {
  ...javascript,
  id: 'ts',
  displayName: 'TypeScript',
  producerNames: [],
  build: jsBuild(true),
};
