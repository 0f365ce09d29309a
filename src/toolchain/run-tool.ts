import { execFile } from 'node:child_process';
import { BuildError } from '../kernel/errors.ts';

/** How long an install (npm, pip, venv) may take before it is stopped: a broken network must not hang the job. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Runs a setup command (an install), failing with the command and the end of its output. */
export function runTool(
  title: string,
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = INSTALL_TIMEOUT_MS,
): Promise<void> {
  const commandLine = `${command} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    // On Windows npm is npm.cmd, which only a shell runs.
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 << 20, shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stdout}\n${stderr}`;
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (failure.killed) {
          reject(
            new BuildError(
              `${title} did not finish within ${timeoutMs / 60_000} minutes and was stopped.`,
              commandLine,
              output,

              "Check the runner's network access to the registry (and proxy or certificate settings), then run " +
                'the job again.',
            ),
          );
        } else if (failure.code === 'ENOENT') {
          reject(
            new BuildError(
              `${title}: ${command} is not on PATH.`,
              commandLine,
              '',
              command === 'npm'
                ? 'Add actions/setup-node before this step.'
                : 'Add actions/setup-python (Python 3.10 or newer) before this step.',
            ),
          );
        } else {
          reject(new BuildError(`${title} failed (exit code ${failure.code}).`, commandLine, output));
        }
      },
    );
  });
}
