import { setUpHint } from '../kernel/door.ts';
import { BuildError } from '../kernel/errors.ts';
import { type ProcessResult, runProcess, StartError } from '../kernel/process.ts';

/** How long an install (npm, pip, venv) may take before it is stopped: a broken network must not hang the job. */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** What to tell the user when each installer is missing. */
const MISSING: Record<string, () => string> = {
  npm: () => setUpHint('actions/setup-node', 'Node.js with npm'),
  python: () => setUpHint('actions/setup-python (Python 3.10 or newer)', 'Python 3.10 or newer'),
  python3: () => setUpHint('actions/setup-python (Python 3.10 or newer)', 'Python 3.10 or newer'),
  cargo: () =>
    setUpHint(
      'a Rust toolchain (for example dtolnay/rust-toolchain with the wasm32-unknown-unknown target)',
      'Rust with the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)',
    ),
  go: () => setUpHint('actions/setup-go (Go 1.24 or newer)', 'Go 1.24 or newer'),
};

export interface ToolRun {
  /** What the command does, for messages: "Installing componentize-py 0.25.1 from PyPI". */
  title: string;
  command: string;
  args: string[];
  cwd: string;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  /** What to do when the command fails (exits with an error). */
  hint?: string;
}

/** Runs a setup command (an install), failing with the command and the end of its output. */
export async function runTool(title: string, command: string, args: string[], cwd: string, timeoutMs?: number) {
  try {
    await toolOutput({ title, command, args, cwd, ...(timeoutMs !== undefined && { timeoutMs }) });
  } catch (error) {
    throw error instanceof BuildError ? error.byTool() : error;
  }
}

/** Runs a command that answers on stdout (`cargo metadata`, `go env`), returning what it printed. */
export async function toolOutput(run: ToolRun): Promise<string> {
  const timeoutMs = run.timeoutMs ?? INSTALL_TIMEOUT_MS;
  const commandLine = `${run.command} ${run.args.join(' ')}`;
  let result: ProcessResult;
  try {
    result = await runProcess({ command: run.command, args: run.args, cwd: run.cwd, env: run.env, timeoutMs });
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    if (error.code === 'ENOENT') {
      throw new BuildError(`${run.title}: ${run.command} is not on PATH.`, commandLine, '', MISSING[run.command]?.());
    }
    throw new BuildError(`${run.title}: ${error.message}.`, commandLine, '');
  }
  if (result.timedOut) {
    const hint =
      "Check the runner's network access to the registry (and proxy or certificate settings), then run the job again.";
    const minutes = timeoutMs / 60_000;
    throw new BuildError(
      `${run.title} did not finish within ${minutes} minutes and was stopped.`,
      commandLine,
      result.output,
      hint,
    );
  }
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
    throw new BuildError(`${run.title} failed (${how}).`, commandLine, result.output, run.hint);
  }
  return result.stdout;
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
