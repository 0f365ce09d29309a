/**
 * The whole story of a run, kept as it happens so that it survives every way a run ends: the job summary has a
 * section for every stage (what it found, or that it did not run and why), and the job fails once, at the end,
 * naming each failure. Written synchronously, so that even a run stopped by a signal leaves its summary.
 */
import { appendFileSync } from 'node:fs';
import type { InputError } from '../kernel/errors.ts';
import { firstSentence } from '../kernel/text.ts';
import { print, safe } from '../printer/printer.ts';
import { relativeToWorkspace } from './annotations.ts';
import { cell } from './markdown.ts';

export const STAGES = ['inputs', 'build', 'validation', 'conformance', 'deploy'] as const;
export type Stage = (typeof STAGES)[number];

const HEADINGS: Record<Stage, string> = {
  inputs: 'Inputs',
  build: 'Build',
  validation: 'Validation',
  conformance: 'Conformance test',
  deploy: 'Deploy',
};

export class RunStory {
  readonly #sections = new Map<Stage, string>();
  readonly #failures: string[] = [];
  #written = false;
  #running: { stage: Stage; since: number } | undefined;

  /** The stage now running, for a run that is stopped in the middle of it. */
  begin(stage: Stage): void {
    this.#running = { stage, since: performance.now() };
  }

  /** The run was stopped (the step's timeout, a cancel): the running stage and those after it say so. */
  stopped(signal: string): void {
    const running = this.#running;
    if (running && !this.has(running.stage)) {
      const seconds = Math.round((performance.now() - running.since) / 1000);
      const why = `The run was stopped (${signal}) after ${seconds} s of this stage.`;
      this.tell(running.stage, `## ${HEADINGS[running.stage]}: ⏹️ stopped\n\n${why}\n\n`);
    }
    const after = running ? STAGES.slice(STAGES.indexOf(running.stage) + 1) : STAGES.slice(1);
    for (const stage of after.filter((later) => !this.has(later))) {
      this.notRun(stage, `The run was stopped (${signal}) before this stage.`);
    }
    this.fail(`The run was stopped (${signal}) before it finished; the job summary shows how far it got.`);
  }

  /** The stage's section of the summary. */
  tell(stage: Stage, markdown: string): void {
    this.#sections.set(stage, markdown);
  }

  /** A stage the action itself failed in (not the view, not an input): its section says so, and the run fails. */
  crashed(stage: Stage, message: string): void {
    print.error(message, { title: `Primatomic action failure (${stage})` });
    this.tell(stage, `## ${HEADINGS[stage]}: 💥 the action failed here\n\n${cell(message)}\n\n`);
    this.fail(message);
  }

  /** A stage that did not run, and why. */
  notRun(stage: Stage, reason: string): void {
    print.info(`${HEADINGS[stage]}: not run. ${reason}`);
    this.tell(stage, `## ${HEADINGS[stage]}: ⏭️ not run\n\n${cell(reason)}\n\n`);
  }

  has(stage: Stage): boolean {
    return this.#sections.has(stage);
  }

  fail(reason: string): void {
    this.#failures.push(reason);
  }

  get failed(): boolean {
    return this.#failures.length > 0;
  }

  /** An input error: an annotation on its file and line when it has one, and a failure of the run. */
  inputError(error: InputError): void {
    const where = error.location && { file: relativeToWorkspace(error.location.file), startLine: error.location.line };
    print.error(`Input ${error.input}: ${error.message}`, { title: `Primatomic input ${error.input}`, ...where });
    this.fail(blockedBy(error));
  }

  /** Writes the summary (once) and fails the job when anything failed. */
  finish(): void {
    if (this.#written) return;
    this.#written = true;
    const markdown = STAGES.map((stage) => this.#sections.get(stage))
      .filter(Boolean)
      .join('\n');
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (file && markdown) {
      try {
        appendFileSync(file, `${withinSummaryLimit(safe(markdown))}\n`);
      } catch (error) {
        print.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.failed) print.fail(this.#failures.join(' '));
  }
}

/** GitHub drops a step's whole summary when it is over 1 MiB; a longer one is cut, and says so. */
const SUMMARY_LIMIT = 1 << 20;
const CUT_NOTE = "\n\n---\n*The summary was cut at 1 MiB, GitHub's limit for a step; the log has every finding.*";

export function withinSummaryLimit(markdown: string): string {
  if (Buffer.byteLength(markdown) <= SUMMARY_LIMIT) return markdown;
  let cut = markdown.slice(0, SUMMARY_LIMIT - CUT_NOTE.length - 64);
  while (Buffer.byteLength(cut) > SUMMARY_LIMIT - CUT_NOTE.length - 64) cut = cut.slice(0, -1024);
  return `${cut.slice(0, cut.lastIndexOf('\n'))}${CUT_NOTE}`;
}

/** Why a stage could not run because of an input: the input and its message, shortened. */
export function blockedBy(error: InputError): string {
  return `Input ${error.input}: ${firstSentence(error.message)}`;
}
