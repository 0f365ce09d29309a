import * as exec from '@actions/exec';
import { BuildError } from '../build-error.ts';

/** Runs a setup command (an install), failing with the command and the end of its output. */
export async function runTool(title: string, command: string, args: string[], cwd: string): Promise<void> {
  let result: exec.ExecOutput;
  try {
    result = await exec.getExecOutput(command, args, { cwd, ignoreReturnCode: true, silent: true });
  } catch (error) {
    throw new BuildError(`${title}: could not run ${command} (${(error as Error).message}).`, `${command} ${args.join(' ')}`, '');
  }
  if (result.exitCode !== 0) {
    throw new BuildError(`${title} failed (exit code ${result.exitCode}).`, `${command} ${args.join(' ')}`, result.stdout + result.stderr);
  }
}
