/**
 * Whether the component is valid, as wasm-tools' own validator says with its default features (`wasm-tools
 * validate`): the same rules a runtime applies. The action's reader decides imports and exports; whether jco can
 * render WIT for it says nothing about validity (some valid components have no WIT).
 */
import path from 'node:path';
import { BuildError } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import { type ProcessResult, runProcess, StartError } from '../kernel/process.ts';
import { ISSUES_URL } from '../kernel/version.ts';
import { findOrInstall } from '../toolchain/find-or-install.ts';
import type { DownloadSettings } from '../toolchain/release-installer.ts';
import { WASM_TOOLS } from '../toolchain/release-tools.ts';
import { TOOLS } from '../toolchain/tool-versions.ts';

/** The wasm-tools to validate with: the `wasm-tools-version` input and the download inputs. */
export interface ValidatorSettings {
  version: string;
  downloads: DownloadSettings;
}

/** The pinned wasm-tools, verified downloads from github.com: what the action uses when no input says otherwise. */
export const DEFAULT_VALIDATOR: ValidatorSettings = {
  version: TOOLS.wasmTools.defaultVersion,
  downloads: { mirror: undefined, verifyChecksums: true, userChecksums: {} },
};

export type Validity =
  | { kind: 'valid'; by: string }
  | { kind: 'invalid'; message: string; by: string }
  /** The validator could not give a verdict (not installable, crashed, too slow): the reader decides alone. */
  | { kind: 'unknown'; reason: string; hint?: string };

export interface Validator {
  /** For the summary: `wasm-tools 1.257.1 (tool cache)`, `wasm-tools from PATH`. */
  name: string;
  validate(file: string): Promise<Validity>;
  /** The native wasm-tools behind it, which can also describe the component (native-describe.ts). */
  executable?: string;
}

/** A validator that always answers `unknown`, with the reason it is missing. */
export function missingValidator(reason: string, hint?: string): Validator {
  return { name: 'none', validate: async () => ({ kind: 'unknown', reason, ...(hint && { hint }) }) };
}

/** wasm-tools from PATH, or its pinned release (tool cache, else downloaded and checked against its sha256). */
export async function findValidator(settings: ValidatorSettings, log: Log): Promise<Validator> {
  try {
    const found = await findOrInstall(WASM_TOOLS, settings.version, settings.downloads, log);
    return wasmToolsValidator(found.executable, `wasm-tools ${found.source}`);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    return missingValidator(error.message, error.hint);
  }
}

/** Validating even a 100 MB component takes seconds; a validator that runs longer is stuck. */
const VALIDATE_TIMEOUT_MS = 120_000;
/** The validator's explanation is a few lines; more is cut. */
const MESSAGE_LIMIT = 600;

export function wasmToolsValidator(executable: string, name: string, timeoutMs = VALIDATE_TIMEOUT_MS): Validator {
  return {
    name,
    executable,
    async validate(file) {
      const report = `Run the job again; if it persists, report it at ${ISSUES_URL} with the component.`;
      let result: ProcessResult;
      try {
        result = await runProcess({
          command: executable,
          args: ['validate', file],
          cwd: path.dirname(file),
          timeoutMs,
        });
      } catch (error) {
        const reason = `${name} could not be run (${error instanceof StartError ? error.code : String(error)})`;
        const hint =
          'Check that the wasm-tools on PATH runs on this runner, or take it off PATH so that primatomic-view ' +
          'installs its pinned release.';
        return { kind: 'unknown', reason, hint };
      }
      if (result.exitCode === 0) return { kind: 'valid', by: name };
      if (result.timedOut) {
        return { kind: 'unknown', reason: `${name} did not finish within ${timeoutMs / 1000} s`, hint: report };
      }
      // wasm-tools reports a refusal as `error: …` with exit code 1 (on stderr; stdout has nothing when it fails);
      // anything else is the tool breaking.
      const message = validatorMessage(result.output);
      if (result.exitCode !== 1 || !message) {
        const how = result.exitCode === null ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
        return { kind: 'unknown', reason: `${name} failed (${how})`, hint: report };
      }
      return { kind: 'invalid', message, by: name };
    },
  };
}

/**
 * `error: <what> (at offset 0x…)` and its `Caused by:` chain, on one line: the cause is the useful part
 * (`0: func 3 failed to validate`, `1: type mismatch: … (at offset 0x4f)`).
 */
function validatorMessage(stderr: string): string {
  const all = stderr.split('\n').map((line) => line.trim());
  // Log lines (`[2026-12-04T22:18:46Z WARN ] failed to parse DWARF …`) come before the error: not part of it.
  const start = all.findIndex((line) => line.startsWith('error:'));
  const lines = all
    .slice(Math.max(start, 0))
    .filter((line) => line && line !== 'Caused by:' && !/^\[[^\]]*\b(WARN|INFO|DEBUG|TRACE)\s*\]/.test(line))
    .map((line) => line.replace(/^error:\s*/, '').replace(/^\d+:\s*/, ''));
  const text = lines.join('; ');
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;
}
