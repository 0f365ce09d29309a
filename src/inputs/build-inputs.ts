import type { BuildSettings } from '../builder/builder.ts';
import { InputError } from '../kernel/errors.ts';
import { LANGUAGE_CHOICES } from '../languages/detect.ts';
import { LANGUAGES } from '../languages/index.ts';
import type { DownloadSettings } from '../toolchain/release-installer.ts';
import { EXACT_VERSION, TOOLS, type ToolId, type ToolVersions } from '../toolchain/tool-versions.ts';
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
    versions: requestedVersions(read),
    options,
    downloads: loadDownloadSettings(read),
  };
}

/** The tool versions the inputs set (each must be exact); the others are left to the project and the defaults. */
function requestedVersions(read: InputReader): Partial<ToolVersions> {
  const versions: Partial<ToolVersions> = {};
  for (const [tool, { input, defaultVersion }] of Object.entries(TOOLS) as Array<[ToolId, (typeof TOOLS)[ToolId]]>) {
    const version = read.text(input);
    if (!version) continue;
    if (!EXACT_VERSION.test(version))
      throw new InputError(input, `"${version}" is not an exact version (like ${defaultVersion}).`);
    versions[tool] = version;
  }
  return versions;
}

function loadDownloadSettings(read: InputReader): DownloadSettings {
  return {
    mirror: readMirror(read.text('download-mirror')),
    verifyChecksums: read.boolean('verify-checksums'),
    userChecksums: readChecksums(read.text('tool-checksums')),
  };
}

function readMirror(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw new InputError(
    'download-mirror',
    `"${text}" is not an http(s) URL; give the address that replaces https://github.com (e.g. ` +
      `https://ghes.example.com).`,
  );
}

/** `tool@version=sha256`, one per line or comma-separated. */
function readChecksums(text: string): Record<string, string> {
  const checksums: Record<string, string> = {};
  for (const entry of text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)) {
    const match = /^([\w-]+@[\w.+-]+)\s*=\s*([0-9a-fA-F]{64})$/.exec(entry);
    if (!match) {
      throw new InputError(
        'tool-checksums',
        `"${entry}" is not tool@version=<64 hex digits> (e.g. wasm-tools@1.258.0=ab12…).`,
      );
    }
    checksums[match[1]!] = match[2]!.toLowerCase();
  }
  return checksums;
}
