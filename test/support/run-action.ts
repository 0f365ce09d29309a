import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The `::error ...::message` and `::warning ...::message` lines, as printed. */
  errors: string[];
  warnings: string[];
}

interface ActionManifest {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function actionManifest(actionDir = ROOT): ActionManifest {
  return parseYaml(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionManifest;
}

/**
 * Runs `dist/index.js` the way the runner does: `INPUT_*` from action.yml's defaults plus the case's own,
 * and fresh `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files.
 */
export async function runAction(
  inputs: Record<string, string>,
  options: {
    actionDir?: string;
    cwd: string;
    env?: Record<string, string>;
    /** Send the signal once stdout matches, as the runner does when a step times out or the run is cancelled. */
    stopWhen?: { output: RegExp; signal: NodeJS.Signals };
    /** Run this once stdout matches (what another process might do meanwhile: change a file). */
    whenOutput?: { output: RegExp; run: () => void };
  },
): Promise<ActionRun> {
  const actionDir = options.actionDir ?? ROOT;
  const manifest = actionManifest(actionDir);
  const files = mkdtempSync(path.join(tmpdir(), 'action-run-'));
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  // The runner passes its whole environment (certificates, proxies, PATH); ours minus what a runner sets per step.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^(INPUT_|GITHUB_|RUNNER_DEBUG$|ACTIONS_)/.test(entry[0]),
    ),
  );
  const env: Record<string, string> = {
    ...inherited,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: options.cwd,
    ...options.env,
  };
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = spec.default ?? '';
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const child = spawn(process.execPath, [path.join(actionDir, 'dist/index.js')], { cwd: options.cwd, env });
  let stdout = '';
  let stderr = '';
  let stopSent = false;
  let whenDone = false;
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (options.whenOutput?.output.test(stdout) && !whenDone) {
      whenDone = true;
      options.whenOutput.run();
    }
    if (options.stopWhen?.output.test(stdout) && !stopSent) {
      stopSent = true;
      child.kill(options.stopWhen.signal);
    }
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = stdout.split('\n');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors: lines.filter((line) => line.startsWith('::error')),
    warnings: lines.filter((line) => line.startsWith('::warning')),
  };
}

/** Parses the `name<<delimiter ... delimiter` blocks @actions/core writes to GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

/** A copy of the action holding only action.yml and dist/, as a runner checks it out (nothing from node_modules). */
export function copyOfAction(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'primatomic-action-'));
  cpSync(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  return dir;
}

/** A tool cache kept between test runs, so that jco and componentize-py are installed once per machine. */
export const TEST_TOOL_CACHE = path.join(ROOT, 'node_modules/.cache/primatomic-view-action/tool-cache');
