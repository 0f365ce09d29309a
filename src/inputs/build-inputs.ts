import type { BuildSettings } from '../builder/builder.ts';
import { LANGUAGE_CHOICES } from '../languages/detect.ts';
import { BUILD_TOOLS, LANGUAGES } from '../languages/index.ts';
import { loadDownloadSettings, requestedVersions } from './download-inputs.ts';
import type { InputReader } from './input-reader.ts';

/** The inputs of a build from source (`component` empty). */
export function loadBuildSettings(read: InputReader): BuildSettings {
  const options = Object.fromEntries(
    LANGUAGES.flatMap((language) => language.options ?? []).map((option) => [
      option.input,
      read.choice(option.input, option.choices),
    ]),
  );
  return {
    language: read.choice('language', LANGUAGE_CHOICES),
    entry: read.optional('entry'),
    output: read.optional('output'),
    buildCommand: read.optional('build-command'),
    versions: requestedVersions(read, BUILD_TOOLS),
    options,
    downloads: loadDownloadSettings(read),
  };
}
