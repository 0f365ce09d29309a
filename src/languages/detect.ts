import { InputError } from '../kernel/errors.ts';
import { orList } from '../kernel/text.ts';
import { LANGUAGES, languageById } from './index.ts';
import type { Language } from './language.ts';
import type { Project } from './project.ts';

/** `auto` or a language's id: the values of the `language` input. */
export const LANGUAGE_CHOICES: readonly string[] = ['auto', ...LANGUAGES.map((language) => language.id)];

/**
 * The project's language: the one asked for, or the only one whose marker files are in the folder and that
 * claims the project (JS and TS share package.json: TypeScript when the entry is a .ts file).
 */
export function detectLanguage(project: Project, choice: string, entry: string | undefined): Language {
  if (choice !== 'auto') {
    const language = languageById(choice);
    if (!language) throw new InputError('language', `"${choice}" is not one of ${LANGUAGE_CHOICES.join(', ')}.`);
    return language;
  }
  const found = LANGUAGES.map((language) => ({
    language,
    markers: language.markers.filter((marker) => project.has(marker)),
  })).filter(({ language, markers }) => markers.length > 0 && (language.claims?.(project, entry) ?? true));
  if (found.length === 1) return found[0]!.language;
  if (found.length === 0) {
    const markers = [...new Set(LANGUAGES.flatMap((language) => language.markers))];
    const ids = LANGUAGES.map((language) => language.id);
    throw new InputError(
      'language',
      `is auto, and ${project.folder} has none of ${orList(markers)}. Check working-directory, or set language ` +
        `(${orList(ids)}).`,
    );
  }
  const seen = found.map(({ language, markers }) => `${markers.join(', ')} (${language.displayName})`).join('; ');
  throw new InputError(
    'language',
    `is auto, and ${project.folder} looks like more than one language: ${seen}. Set language to the view's.`,
  );
}
