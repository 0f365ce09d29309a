/**
 * The inputs of every tool the action installs, for the build and for validation alike: exact versions, the mirror
 * of github.com, and checksums.
 */
import { InputError } from '../kernel/errors.ts';
import { keepSecret } from '../printer/printer.ts';
import type { DownloadSettings } from '../toolchain/release-installer.ts';
import { EXACT_VERSION, TOOLS, type ToolId, type ToolVersions } from '../toolchain/tool-versions.ts';
import type { InputReader } from './input-reader.ts';

/** The versions of these tools the inputs set (each must be exact); the others are left to the project and defaults. */
export function requestedVersions(read: InputReader, tools: readonly ToolId[]): Partial<ToolVersions> {
  const versions: Partial<ToolVersions> = {};
  for (const tool of tools) {
    const version = requestedVersion(read, tool);
    if (version) versions[tool] = version;
  }
  return versions;
}

/** The version of one tool: its input when set, else the default. */
export function toolVersion(read: InputReader, tool: ToolId): string {
  return requestedVersion(read, tool) ?? TOOLS[tool].defaultVersion;
}

function requestedVersion(read: InputReader, tool: ToolId): string | undefined {
  const { input, defaultVersion } = TOOLS[tool];
  const version = read.text(input);
  if (version && !EXACT_VERSION.test(version))
    throw new InputError(input, `"${version}" is not an exact version (like ${defaultVersion}).`);
  return version || undefined;
}

export function loadDownloadSettings(read: InputReader): DownloadSettings {
  return {
    mirror: readMirror(read.text('download-mirror')),
    verifyChecksums: read.boolean('verify-checksums'),
    userChecksums: readChecksums(read.text('tool-checksums')),
  };
}

function readMirror(text: string): string | undefined {
  if (!text) return undefined;
  maskUserinfo(text);
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

/**
 * A mirror's `user:password@` is a credential: masked (the password, and the whole userinfo, as written and decoded)
 * before the URL can reach a warning, the summary or the debug log.
 */
function maskUserinfo(text: string): void {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(text.trim())?.[1];
  if (!userinfo) return;
  const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
  for (const secret of [userinfo, password]) {
    if (!secret) continue;
    keepSecret(secret);
    try {
      keepSecret(decodeURIComponent(secret));
    } catch {
      // Not percent-encoded text: masked as written.
    }
  }
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
