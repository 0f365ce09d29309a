import * as exec from '@actions/exec';
import { BuildError } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import type { BuildStep } from '../languages/index.ts';

export interface StepTiming {
  title: string;
  commandLine: string;
  ms: number;
}

/** Runs the build's commands in order, streaming their output to the log; the first failure stops the build. */
export async function runSteps(steps: BuildStep[], log: Log): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  for (const step of steps) {
    const commandLine = [step.command, ...step.args].map(quote).join(' ');
    log.info(`${step.title}: ${commandLine}`);
    const start = performance.now();
    const env = { ...process.env, ...step.env } as Record<string, string>;
    const result = await exec
      .getExecOutput(step.command, step.args, { cwd: step.cwd, ignoreReturnCode: true, env })
      .catch((error: unknown) => {
        throw new BuildError(`${step.title} could not start: ${(error as Error).message}.`, commandLine, '');
      });
    const ms = performance.now() - start;
    timings.push({ title: step.title, commandLine, ms });
    log.info(`${step.title} took ${(ms / 1000).toFixed(2)} s`);
    if (result.exitCode !== 0) {
      const message = `${step.title} failed with exit code ${result.exitCode}: \`${commandLine}\` in ${step.cwd}.`;
      throw new BuildError(message, commandLine, `${result.stdout}\n${result.stderr}`);
    }
  }
  return timings;
}

/** A step done in this process (making the component from a core module), timed like the commands. */
export async function runInProcess(step: { title: string; run(): Promise<void> }, log: Log): Promise<StepTiming> {
  log.info(`${step.title}`);
  const start = performance.now();
  await step.run();
  const ms = performance.now() - start;
  log.info(`${step.title} took ${(ms / 1000).toFixed(2)} s`);
  return { title: step.title, commandLine: '(in-process)', ms };
}

/** `build-command` as one step, run by the platform's shell. */
export function shellStep(command: string, cwd: string): BuildStep {
  const windows = process.platform === 'win32';
  return {
    title: 'build-command',
    command: windows ? 'cmd' : 'bash',
    args: windows ? ['/d', '/s', '/c', command] : ['-eo', 'pipefail', '-c', command],
    cwd,
  };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
