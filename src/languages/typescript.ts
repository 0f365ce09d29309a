import type { Found } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import { TYPESCRIPT } from '../toolchain/npm-tools.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import { esbuildErrors, isTypeScript, javascript, jsEntry, jsErrors } from './javascript.ts';
import type { Language } from './language.ts';
import type { Project } from './project.ts';

/** tsc ("src/index.ts(3,10): error TS2322: message") and esbuild ("✘ [ERROR] message\n\n    src/index.ts:3:10:"). */
function typeScriptErrors(output: string, { folder }: Project): Found[] {
  const text = plainText(output);
  const found: Found[] = [];
  for (const match of text.matchAll(/^(\S+\.[cm]?tsx?)\((\d+),\d+\): error (TS\d+): (.+)$/gm)) {
    found.push(compilerError(`${match[3]}: ${match[4]}`, match[1]!, match[2]!, folder));
  }
  return withoutRepeats([...found, ...esbuildErrors(output, folder), ...jsErrors(output, folder)]);
}

/** TypeScript views: JavaScript's toolchain and hints, after bundling the entry to one ES module. */
export const typescript: Language = {
  ...javascript,
  id: 'ts',
  displayName: 'TypeScript',
  claims: (project, entry) => isTypeScript(entry ?? jsEntry(project)),
  // A TypeScript view's component says JavaScript: the producers section cannot tell them apart.
  producerNames: [],
  tools: [...javascript.tools, 'typescript'],
  cachedTools: (context) => [...javascript.cachedTools(context), [TYPESCRIPT, context.versions.typescript]],
  diagnostics: typeScriptErrors,
};
