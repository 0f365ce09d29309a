import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { LANGUAGES, type Language, type LanguageId } from '../languages/index.ts';
import { isTypeScript } from './entry.ts';

export const LANGUAGE_CHOICES = ['auto', 'rust', 'go', 'js', 'ts', 'python'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/**
 * The project's language: the one asked for, or the only one whose marker files are in the folder (a
 * package.json project is TypeScript when its entry is a .ts file).
 */
export function detectLanguage(workingDirectory: string, choice: LanguageChoice, entry: string | undefined): Language {
  if (choice !== 'auto') return byId(choice);
  const found = LANGUAGES.filter((language) => language.id !== 'ts')
    .map((language) => ({ language, markers: language.build.markers.filter((marker) => existsSync(path.join(workingDirectory, marker))) }))
    .filter(({ markers }) => markers.length > 0);
  if (found.length !== 1) {
    const seen = found.map(({ language, markers }) => `${markers.join(', ')} (${language.displayName})`).join('; ');
    throw new InputError('language', found.length === 0
      ? `is auto, and ${workingDirectory} has none of Cargo.toml, go.mod, package.json, pyproject.toml, requirements.txt or app.py. Check working-directory, or set language (rust, go, js, ts or python).`
      : `is auto, and ${workingDirectory} looks like more than one language: ${seen}. Set language to the view's.`);
  }
  const { language } = found[0]!;
  if (language.id === 'js' && isTypeScript(entry ?? language.build.defaultEntry(workingDirectory))) return byId('ts');
  return language;
}

function byId(id: LanguageId): Language {
  return LANGUAGES.find((language) => language.id === id)!;
}
