import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuildError } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import { runProcess } from '../kernel/process.ts';
import type { BuildStep } from '../languages/index.ts';

export interface StepTiming {
  title: string;
  commandLine: string;
  ms: number;
}

/**
 * Runs the build's commands in order, streaming their output to the log; the first failure stops the build. Each
 * command may run `timeoutMs` (build-step-timeout): a view whose top-level code loops, or a tool that hangs, is
 * stopped with what it started.
 */
export async function runSteps(steps: BuildStep[], log: Log, timeoutMs: number): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  for (const step of steps) {
    const commandLine = [step.command, ...step.args].map(quote).join(' ');
    log.info(`${step.title}: ${commandLine}`);
    const start = performance.now();
    // Line by line through the log, not straight to stdout: what a compiler prints quotes the view's source.
    const result = await runProcess({
      command: step.command,
      args: step.args,
      cwd: step.cwd,
      env: step.env,
      timeoutMs,
      onLine: (line) => log.info(line),
    }).catch((error: unknown) => {
      throw new BuildError(`${step.title} could not start: ${(error as Error).message}.`, commandLine, '');
    });
    const ms = performance.now() - start;
    timings.push({ title: step.title, commandLine, ms });
    log.info(`${step.title} took ${(ms / 1000).toFixed(2)} s`);
    if (result.timedOut) {
      const seconds = Math.round(timeoutMs / 1000);
      const last = lastLines(result.output);
      throw new BuildError(
        `${step.title} did not finish within ${seconds} s, so it was stopped with what it started` +
          `${last ? `; its last output: ${last}` : ' (it printed nothing)'}.`,
        commandLine,
        result.output,
        'If the build is only slow, raise build-step-timeout. If it hangs, look at what it was doing: a view whose ' +
          'top-level code loops never finishes its build (componentize runs it once).',
      );
    }
    if (result.exitCode !== 0) {
      // The command line is long and absolute: the summary shows it; the message says what failed.
      const message = `${step.title} failed (exit code ${result.exitCode}).`;
      throw new BuildError(message, commandLine, result.output);
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

/**
 * `build-command` as one step, run as a `run:` step runs it: bash on Linux and macOS (`-eo pipefail`), PowerShell on
 * Windows, from a script file so that its quotes reach pwsh as written (and a failing command fails the step).
 */
export function shellStep(command: string, cwd: string, scratch: string, platform = process.platform): BuildStep {
  if (platform !== 'win32') {
    return {
      title: 'build-command',
      command: 'bash',
      args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command],
      cwd,
    };
  }
  const script = path.join(scratch, 'build-command.ps1');
  const exitCode = 'if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }';
  writeFileSync(script, `$ErrorActionPreference = 'stop'\r\n${command}\r\n${exitCode}\r\n`);
  return {
    title: 'build-command',
    command: 'pwsh',
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', `. '${script.replaceAll("'", "''")}'`],
    cwd,
  };
}

/** The last few non-empty lines of output, on one line. */
function lastLines(output: string, count = 3): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.slice(-count).join(' / ').slice(-400);
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
