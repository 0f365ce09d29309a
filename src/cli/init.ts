/**
 * `primatomic-view init <language> [folder]`: a new view project, complete and passing `check` at once (see
 * templates.ts), in the folder (a new one, or an empty one); the project is named after the folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CARRIED_WIT_URL } from '../contract/contract.ts';
import { asNamePart } from '../deploy/view-name.ts';
import { UsageError } from './args.ts';
import {
  IGNORED,
  LANGUAGE_IDS,
  type LanguageId,
  SAMPLES,
  TEMPLATE_NAME,
  TEMPLATES,
  type TemplateFile,
} from './templates.ts';
import type { Terminal } from './terminal.ts';

export function initProject(positional: string[], terminal: Terminal): number {
  const [language, folder = '.', ...extra] = positional;
  if (!language || !(LANGUAGE_IDS as readonly string[]).includes(language) || extra.length > 0) {
    throw new UsageError(`init takes a language and a folder: init <${LANGUAGE_IDS.join('|')}> [folder].`);
  }
  const target = path.resolve(folder);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new UsageError(`${target} is not empty: init writes a new project into a new or an empty folder.`);
  }
  const name = asNamePart(path.basename(target)) || TEMPLATE_NAME;
  const files: TemplateFile[] = [
    ...TEMPLATES[language as LanguageId],
    ...SAMPLES,
    { file: '.gitignore', text: IGNORED[language as LanguageId] },
    // wit-bindgen reads the contract from the crate's wit/ folder.
    ...(language === 'rust'
      ? [{ file: 'wit/machine.wit', text: readFileSync(fileURLToPath(CARRIED_WIT_URL), 'utf8') }]
      : []),
  ];
  for (const { file, text } of files) {
    const full = path.join(target, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text.replaceAll(TEMPLATE_NAME, name));
    terminal.line(`${terminal.paint(32, 'created')} ${path.relative(process.cwd(), full) || full}`);
  }
  const where = folder === '.' ? '' : ` --working-directory ${folder}`;
  terminal.line(`A ${language} view named ${name}. Check it: npx primatomic-view check${where}`);
  return 0;
}
