import type { Found } from '../kernel/findings.ts';
import { compilerError, plainText, withoutRepeats } from './diagnostics.ts';
import { isTypeScript, javascript, jsEntry, jsErrors } from './javascript.ts';
import type { Language } from './language.ts';

/** tsc ("src/index.ts(3,10): error TS2322: message") and esbuild ("✘ [ERROR] message\n\n    src/index.ts:3:10:"). */
function typeScriptErrors(output: string, workingDirectory: string): Found[] {
  const text = plainText(output);
  const found: Found[] = [];
  for (const match of text.matchAll(/^(\S+\.[cm]?tsx?)\((\d+),\d+\): error (TS\d+): (.+)$/gm)) {
    found.push(compilerError(`${match[3]}: ${match[4]}`, match[1]!, match[2]!, workingDirectory));
  }
  for (const match of text.matchAll(/\[ERROR\] (.+)\n\n\s+(\S+?):(\d+):\d+:/g)) {
    found.push(compilerError(match[1]!, match[2]!, match[3]!, workingDirectory));
  }
  return withoutRepeats([...found, ...jsErrors(output, workingDirectory)]);
}

/** TypeScript views: JavaScript's toolchain and hints, after bundling the entry to one ES module. */
export const typescript: Language = {
  ...javascript,
  id: 'ts',
  displayName: 'TypeScript',
  claims: (workingDirectory, entry) => isTypeScript(entry ?? jsEntry(workingDirectory)),
  // A TypeScript view's component says JavaScript: the producers section cannot tell them apart.
  producerNames: [],
  diagnostics: typeScriptErrors,
};
