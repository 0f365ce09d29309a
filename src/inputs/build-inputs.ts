import type { BuildSettings } from '../builder/builder.ts';
import { InputProblems } from '../kernel/errors.ts';
import { LANGUAGE_CHOICES } from '../languages/detect.ts';
import { BUILD_TOOLS, LANGUAGES } from '../languages/index.ts';
import { loadDownloadSettings, requestedVersions } from './download-inputs.ts';
import type { InputReader } from './input-reader.ts';

/** The inputs of a build from source (`component` empty). */
export function loadBuildSettings(read: InputReader): BuildSettings {
  const problems = new InputProblems();
  const options = Object.fromEntries(
    LANGUAGES.flatMap((language) => language.options ?? []).map((option) => [
      option.input,
      problems.check(() => read.choice(option.input, option.choices)),
    ]),
  );
  const language = problems.check(() => read.choice('language', LANGUAGE_CHOICES));
  const versions = problems.check(() => requestedVersions(read, BUILD_TOOLS));
  const downloads = problems.check(() => loadDownloadSettings(read));
  const stepTimeoutMs = problems.check(() => read.seconds('build-step-timeout'));
  problems.done();
  return {
    language: language!,
    entry: read.optional('entry'),
    output: read.optional('output'),
    buildCommand: read.optional('build-command'),
    versions: versions!,
    options: options as Record<string, string>,
    downloads: downloads!,
    stepTimeoutMs: stepTimeoutMs!,
  };
}
