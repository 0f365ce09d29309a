/**
 * The action's door onto the pipeline: the settings are the step's inputs, text goes to the runner's log, the
 * Actions cache is restored around the build (and saved by the post step), and at the end the outputs are set
 * from the run's record, the job summary written, and the job failed once when anything failed. A step that is
 * stopped (its timeout, a cancel) ends the processes it started and still leaves its summary.
 */
import { appendFileSync } from 'node:fs';
import * as core from '@actions/core';
import { cachePlan } from '../cache/cache-plan.ts';
import { settingNamed } from '../inputs/settings.ts';
import { stopAllProcesses } from '../kernel/process.ts';
import { crashMessage, type Door, runPipeline } from '../pipeline/pipeline.ts';
import { print, printTo } from '../printer/printer.ts';
import { outputsOf } from '../report/outputs.ts';
import { RunRecord } from '../report/run-record.ts';
import { restoreCaches } from './caches.ts';
import { RUNNER_LOG } from './runner-log.ts';

const DOOR: Door = {
  name: 'action',
  beforeInstall: async (language, tools, project) => restoreCaches(await cachePlan(language, tools, project)),
  debug: core.isDebug(),
  debugHint: 'set ACTIONS_STEP_DEBUG to true',
};

export async function run(): Promise<void> {
  printTo(RUNNER_LOG);
  const record = new RunRecord();
  // The runner signals a step that times out or is cancelled (SIGINT, then SIGTERM): say so, once, and end.
  let stopping = false;
  const stopped = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stopAllProcesses();
    record.stopped(signal);
    finish(record);
    process.exit(1);
  };
  process.on('SIGINT', stopped);
  process.on('SIGTERM', stopped);
  try {
    await runPipeline(readInput, DOOR, record);
  } finally {
    process.off('SIGINT', stopped);
    process.off('SIGTERM', stopped);
    if (!stopping) finish(record);
  }
}

/**
 * An input, as the runner passes it (INPUT_<NAME>). A secret leaves this process's environment once read: nothing
 * started later, and no code that reads process.env, finds it there.
 */
function readInput(name: string): string {
  const value = core.getInput(name);
  if (settingNamed(name)?.secret) delete process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value;
}

/** Every output from the one table, the summary, and the job's one failure. */
function finish(record: RunRecord): void {
  try {
    for (const [name, value] of Object.entries(outputsOf(record))) core.setOutput(name, value);
  } catch (error) {
    record.fail(crashMessage(error, DOOR), 'tool');
  }
  const file = process.env.GITHUB_STEP_SUMMARY;
  const summary = record.summary();
  if (file && summary) {
    try {
      appendFileSync(file, `${summary}\n`);
    } catch (error) {
      print.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (record.failed) core.setFailed(record.failureMessage());
}
