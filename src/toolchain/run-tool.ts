import { execFile } from 'node:child_process';
import { which } from '@actions/io';
import { BuildError } from '../kernel/errors.ts';

/** How long an install (npm, pip, venv) may take before it is stopped: a broken network must not hang the job. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** What to tell the user when each installer is missing. */
const MISSING: Record<string, string> = {
  npm: 'Add actions/setup-node before this step.',
  python: 'Add actions/setup-python (Python 3.10 or newer) before this step.',
  python3: 'Add actions/setup-python (Python 3.10 or newer) before this step.',
  cargo:
    'Add a Rust toolchain before this step (for example dtolnay/rust-toolchain with the wasm32-unknown-unknown ' +
    'target).',
  go: 'Add actions/setup-go (Go 1.24 or newer) before this step.',
};

export interface ToolRun {
  /** What the command does, for messages: "Installing componentize-py 0.25.1 from PyPI". */
  title: string;
  command: string;
  args: string[];
  cwd: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** What to do when the command fails (exits with an error). */
  hint?: string;
}

/** Runs a setup command (an install), failing with the command and the end of its output. */
export async function runTool(title: string, command: string, args: string[], cwd: string, timeoutMs?: number) {
  await toolOutput({ title, command, args, cwd, ...(timeoutMs !== undefined && { timeoutMs }) });
}

/** How to start a command: as it is, or (a Windows .cmd or .bat, as npm is there) through cmd.exe, quoted for it. */
export interface SpawnPlan {
  command: string;
  args: string[];
  windowsVerbatimArguments: boolean;
}

export function spawnPlan(executable: string, args: string[], platform = process.platform): SpawnPlan {
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(executable)) {
    return { command: executable, args, windowsVerbatimArguments: false };
  }
  // cmd.exe reads the line itself: each argument quoted, and its metacharacters escaped with ^ (as cross-spawn does).
  const line = [executable, ...args].map(quoteForCmd).join(' ');
  return {
    command: process.env.ComSpec || 'cmd.exe',
    args: ['/d', '/s', '/c', `"${line}"`],
    windowsVerbatimArguments: true,
  };
}

function quoteForCmd(arg: string): string {
  const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  return quoted.replace(/[()[\]%!^"`<>&|;, *?]/g, '^$&');
}

/** Runs a command that answers on stdout (`cargo metadata`, `go env`), returning what it printed. */
export async function toolOutput(run: ToolRun): Promise<string> {
  const timeoutMs = run.timeoutMs ?? INSTALL_TIMEOUT_MS;
  const commandLine = `${run.command} ${run.args.join(' ')}`;
  // Windows finds npm as npm.cmd, which only cmd.exe runs; elsewhere, and for .exe files, no shell is involved.
  const executable = process.platform === 'win32' ? (await which(run.command, false)) || run.command : run.command;
  const plan = spawnPlan(executable, run.args);
  const options = {
    cwd: run.cwd,
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
    windowsVerbatimArguments: plan.windowsVerbatimArguments,
    ...(run.env && { env: { ...process.env, ...run.env } }),
  };
  return new Promise((resolve, reject) => {
    execFile(plan.command, plan.args, options, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const output = `${stdout}\n${stderr}`;
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (failure.killed) {
        const hint =
          "Check the runner's network access to the registry (and proxy or certificate settings), then run the job " +
          'again.';
        const minutes = timeoutMs / 60_000;
        reject(
          new BuildError(
            `${run.title} did not finish within ${minutes} minutes and was stopped.`,
            commandLine,
            output,
            hint,
          ),
        );
      } else if (failure.code === 'ENOENT') {
        reject(new BuildError(`${run.title}: ${run.command} is not on PATH.`, commandLine, '', MISSING[run.command]));
      } else {
        reject(new BuildError(`${run.title} failed (exit code ${failure.code}).`, commandLine, output, run.hint));
      }
    });
  });
}

/** A tool's one-line answer (`npm config get cache`), or undefined when it is missing or fails: only a hint. */
export async function askTool(command: string, args: string[], cwd: string): Promise<string | undefined> {
  try {
    const answer = (await toolOutput({ title: `Asking ${command}`, command, args, cwd, timeoutMs: 30_000 })).trim();
    return answer || undefined;
  } catch {
    return undefined;
  }
}
