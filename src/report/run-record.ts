/**
 * The whole story of a run, kept as it happens so that it survives every way a run ends: a summary section for
 * every stage (what it found, or that it did not run and why), what each stage gave (for the outputs and the
 * machine-readable report), and every failure with its kind, which says how the run ends (the action fails the
 * job once; the CLI's exit code). Written synchronously, so that even a run stopped by a signal has its summary.
 */
import type { BuildOutcome } from '../builder/builder.ts';
import type { ConformanceReport } from '../conformance/conformance.ts';
import type { DeployOutcome } from '../deploy/deploy.ts';
import type { InputWarning } from '../inputs/inputs.ts';
import { settingLabel } from '../inputs/settings.ts';
import type { InputError } from '../kernel/errors.ts';
import { firstSentence } from '../kernel/text.ts';
import { print, safe } from '../printer/printer.ts';
import type { ValidationReport } from '../validate/validate.ts';
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

/**
 * What made a run fail, which says how it ends: `check` a check failed (the build of the view's code, validation,
 * the conformance test, a refused deploy); `input` a setting is wrong; `tool` a tool, the network or the action
 * itself failed.
 */
export type FailureKind = 'check' | 'input' | 'tool';

/** `skipped`: not asked for (a component given, no deploy); `not-run`: asked for, but could not run (it says why). */
export type StageStatus = 'passed' | 'failed' | 'not-run' | 'skipped' | 'crashed';

export interface Failure {
  message: string;
  kind: FailureKind;
}

/** The CLI's exit codes, by the worst kind of failure: 0 all held, 1 a check failed, 2 an input, 3 a tool. */
export const EXIT_CODES = { ok: 0, check: 1, input: 2, tool: 3 } as const;

export class RunRecord {
  readonly #sections = new Map<Stage, string>();
  readonly #failures: Failure[] = [];
  #running: { stage: Stage; since: number } | undefined;

  /** What each stage gave, as it gave it. */
  built: BuildOutcome | undefined;
  validation: ValidationReport | undefined;
  conformance: ConformanceReport | undefined;
  deploy: DeployOutcome | undefined;
  /** The stages that did not run, with why. */
  readonly notRun = new Map<Stage, string>();
  /** The stages the action itself failed in. */
  readonly crashedIn = new Set<Stage>();
  /** Every input error and warning, as the inputs were read. */
  inputErrors: InputError[] = [];
  inputWarnings: InputWarning[] = [];

  /** The stage now running, for a run that is stopped in the middle of it. */
  begin(stage: Stage): void {
    this.#running = { stage, since: Date.now() };
  }

  /** The run was stopped (the step's timeout, a cancel): the running stage and those after it say so. */
  stopped(signal: string): void {
    const running = this.#running;
    if (running && !this.has(running.stage)) {
      const seconds = Math.round((Date.now() - running.since) / 1000);
      const why = `The run was stopped (${signal}) after ${seconds} s of this stage.`;
      this.tell(running.stage, `## ${HEADINGS[running.stage]}: ⏹️ stopped\n\n${why}\n\n`);
    }
    const after = running ? STAGES.slice(STAGES.indexOf(running.stage) + 1) : STAGES.slice(1);
    for (const stage of after.filter((later) => !this.has(later))) {
      this.notRunBecause(stage, `The run was stopped (${signal}) before this stage.`);
    }
    this.fail(`The run was stopped (${signal}) before it finished; the summary shows how far it got.`, 'tool');
  }

  /** The stage's section of the summary. */
  tell(stage: Stage, markdown: string): void {
    this.#sections.set(stage, markdown);
  }

  /** A stage the action itself failed in (not the view, not an input): its section says so, and the run fails. */
  crashed(stage: Stage, message: string): void {
    this.crashedIn.add(stage);
    print.error(message, { title: `Primatomic action failure (${stage})` });
    this.tell(stage, `## ${HEADINGS[stage]}: 💥 primatomic-view failed here\n\n${cell(message)}\n\n`);
    this.fail(message, 'tool');
  }

  /** A stage that did not run, and why. */
  notRunBecause(stage: Stage, reason: string): void {
    print.info(`${HEADINGS[stage]}: not run. ${reason}`);
    this.notRun.set(stage, reason);
    this.tell(stage, `## ${HEADINGS[stage]}: ⏭️ not run\n\n${cell(reason)}\n\n`);
  }

  has(stage: Stage): boolean {
    return this.#sections.has(stage);
  }

  fail(message: string, kind: FailureKind): void {
    this.#failures.push({ message, kind });
  }

  /** How a stage ended, in a word (for the machine-readable reports). */
  statusOf(stage: Stage): StageStatus {
    if (this.crashedIn.has(stage)) return 'crashed';
    if (this.notRun.has(stage)) return 'not-run';
    switch (stage) {
      case 'inputs':
        return this.inputErrors.length > 0 ? 'failed' : 'passed';
      case 'build':
        return this.built ? (this.built.ok ? 'passed' : 'failed') : 'skipped';
      case 'validation':
        return this.validation ? (this.validation.errors > 0 ? 'failed' : 'passed') : 'skipped';
      case 'conformance':
        return this.conformance ? (this.conformance.errors > 0 ? 'failed' : 'passed') : 'skipped';
      case 'deploy': {
        const deploy = this.deploy;
        if (!deploy) return 'skipped';
        if (!deploy.ran) return deploy.failed ? 'failed' : 'skipped';
        const verified = !deploy.verify || deploy.verify.ok;
        return deploy.result.outcome !== 'failed' && verified ? 'passed' : 'failed';
      }
    }
  }

  get failures(): readonly Failure[] {
    return this.#failures;
  }

  get failed(): boolean {
    return this.#failures.length > 0;
  }

  /** 0 when everything held, else the code of the worst failure: a tool's over an input's over a check's. */
  get exitCode(): number {
    const kinds = new Set(this.#failures.map((failure) => failure.kind));
    return kinds.has('tool')
      ? EXIT_CODES.tool
      : kinds.has('input')
        ? EXIT_CODES.input
        : kinds.has('check')
          ? EXIT_CODES.check
          : EXIT_CODES.ok;
  }

  /** An input error: an annotation on its file and line when it has one, and a failure of the run. */
  inputError(error: InputError): void {
    const where = error.location && { file: relativeToWorkspace(error.location.file), startLine: error.location.line };
    print.error(`${settingLabel(error.input)}: ${error.message}`, {
      title: `Primatomic input ${error.input}`,
      ...where,
    });
    this.fail(blockedBy(error), 'input');
  }

  /** The summary: every stage's section in order, within GitHub's limit, without secrets or workflow commands. */
  summary(): string {
    const markdown = STAGES.map((stage) => this.#sections.get(stage))
      .filter(Boolean)
      .join('\n');
    return markdown ? withinSummaryLimit(safe(markdown)) : '';
  }

  /** The line that ends a failed run: every failure, in order. */
  failureMessage(): string {
    return safe(this.#failures.map((failure) => failure.message).join(' '));
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
  return `${settingLabel(error.input)}: ${firstSentence(error.message)}`;
}
