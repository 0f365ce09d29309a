/**
 * The pipeline both doors open onto, top to bottom: settings → build (when no component is given) → validate →
 * test the contract → deploy. Each stage runs when what it needs is there, whatever went wrong elsewhere, and says
 * why when it cannot; the run's record keeps what each stage gave and every failure with its kind. The door (the
 * action, the CLI) says where text goes, reads the settings, and renders the record at the end. The test's code
 * (a worker thread) and the deploy's (the network) are loaded when those stages run; the build's is small beside
 * the languages the settings load anyway, and loading it apart cost the entry more files than it saved.
 */
import { readFileSync, statSync } from 'node:fs';
import { buildView } from '../builder/builder.ts';
import type { ConformanceWorker } from '../conformance/conformance.ts';
import type { DeployOutcome } from '../deploy/deploy.ts';
import { type ActionInputs, type GetInput, inputErrors, loadInputs } from '../inputs/inputs.ts';
import { byDoor, type DoorName, enterThrough } from '../kernel/door.ts';
import { InputError, ToolFailure } from '../kernel/errors.ts';
import type { Log } from '../kernel/log.ts';
import { firstSentence, plural } from '../kernel/text.ts';
import { ISSUES_URL, USER_AGENT } from '../kernel/version.ts';
import type { Language } from '../languages/index.ts';
import type { Project } from '../languages/project.ts';
import { print } from '../printer/printer.ts';
import { reportBuild } from '../report/report-build.ts';
import { reportConformance } from '../report/report-conformance.ts';
import { reportDeploy } from '../report/report-deploy.ts';
import { reportInputs } from '../report/report-inputs.ts';
import { reportValidation } from '../report/report-validation.ts';
import { blockedBy, type FailureKind, RunRecord, STAGES, type Stage } from '../report/run-record.ts';
import { validateView } from '../validate/validate.ts';
import { sniffBinary } from '../wasm/header.ts';

/** What a door adds to the run: caches around the build (the action's), and how much to tell. */
export interface Door {
  /** Which door: a few hints differ (an earlier workflow step, or a tool on PATH). */
  name: DoorName;
  /** Called once the language and tools are known, before anything is installed. */
  beforeInstall?: (
    language: Language,
    tools: Array<[tool: string, version: string]>,
    project: Project,
  ) => Promise<void>;
  /** Stack traces of the action's own failures go to the debug log (ACTIONS_STEP_DEBUG, --debug). */
  debug: boolean;
  /** How to tell the user to see a stack trace (`set ACTIONS_STEP_DEBUG to true`, `run with --debug`). */
  debugHint: string;
}

/** Where the whole story of a failure is: the job summary's section, or the lines above in a terminal. */
const seeSection = (heading: string) => byDoor({ action: ` (see the ${heading} section).`, cli: '' });

/** A report of a stage that passes when it found no error. */
const passed = (report: { errors: number }) => report.errors === 0;

/** The log of a stage: its warnings are annotations titled after it. */
const logOf = (title: string): Log => ({
  info: (line) => print.info(line),
  warn: (message) => print.warning(message, { title }),
});

/**
 * Runs everything the settings ask for, into the record (which the door may also read after a stop); `stages` says
 * which stages the door wants at all (the CLI's `build` stops after the build).
 */
export async function runPipeline(
  getInput: GetInput,
  door: Door,
  record = new RunRecord(),
  stages: ReadonlySet<Stage> = new Set(STAGES),
): Promise<RunRecord> {
  enterThrough(door.name);
  try {
    const inputs = readSettings(getInput, record);
    if (inputs) await runStages(inputs, door, record, stages);
  } catch (error) {
    record.fail(crashMessage(error, door), 'tool');
  }
  return record;
}

/** Every setting, read once: an input error is reported with all the others, on its own input. */
function readSettings(getInput: GetInput, record: RunRecord): ActionInputs | undefined {
  let inputs: ActionInputs;
  try {
    inputs = loadInputs(getInput);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    record.inputErrors = [error];
    record.inputError(error);
    for (const stage of STAGES.slice(1)) record.notRunBecause(stage, blockedBy(error));
    return undefined;
  }
  const errors = inputErrors(inputs);
  record.inputErrors = errors;
  record.inputWarnings = inputs.warnings;
  for (const error of errors) record.inputError(error);
  const section = reportInputs(errors, inputs.warnings);
  if (section) record.tell('inputs', section);
  return inputs;
}

async function runStages(inputs: ActionInputs, door: Door, record: RunRecord, stages: ReadonlySet<Stage>) {
  const early = stages.has('conformance') ? await startConformanceEarly(inputs) : undefined;
  let componentPath: string | undefined;
  try {
    componentPath = stages.has('build') ? await buildStage(inputs, door, record) : givenComponent(inputs);
    if (early) loadEarly(early, inputs, componentPath);
    if (stages.has('validation')) await validationStage(inputs, componentPath, door, record);
    if (stages.has('conformance')) await conformanceStage(inputs, door, record, early);
  } finally {
    // Used by the test, or not wanted (the build or the validation failed): a worker still waiting ends here.
    early?.stop();
  }
  if (stages.has('deploy')) await deployStage(inputs, componentPath, door, record);
}

/**
 * The conformance worker, started with the run when the test will run: it loads jco's transpiler while the view is
 * built, and the view (see loadEarly) while it is validated, so that the test starts with the view loaded.
 */
async function startConformanceEarly({ conformance }: ActionInputs): Promise<ConformanceWorker | undefined> {
  if (!conformance.ok || !conformance.value) return undefined;
  return (await import('../conformance/conformance.ts')).startEarly();
}

/** Hands the component to the early worker, when it is one within max-size; the validation says what else it is. */
function loadEarly(worker: ConformanceWorker, { validation }: ActionInputs, componentPath: string | undefined): void {
  if (!componentPath || !validation.ok) return;
  try {
    const stat = statSync(componentPath);
    if (!stat.isFile() || stat.size > validation.value.maxSizeBytes) return;
    const bytes = readFileSync(componentPath);
    if (sniffBinary(bytes).kind === 'component') worker.load(bytes);
  } catch {
    // Whatever is wrong with the file, the validation says it.
  }
}

function givenComponent({ source }: ActionInputs): string | undefined {
  return source.ok && 'componentPath' in source.value ? source.value.componentPath : undefined;
}

/** The view from its source (or the component given): its path, or undefined when there is none to check. */
async function buildStage(inputs: ActionInputs, door: Door, record: RunRecord): Promise<string | undefined> {
  const { source, contract, project } = inputs;
  if (!source.ok) {
    if (source.error.input !== 'component') record.notRunBecause('build', blockedBy(source.error));
    return undefined;
  }
  if ('componentPath' in source.value) return source.value.componentPath;
  if (!contract.ok) {
    record.notRunBecause('build', blockedBy(contract.error));
    return undefined;
  }
  const { beforeInstall } = door;
  const request = {
    project,
    contract: contract.value,
    settings: source.value.build,
    log: logOf('Primatomic build'),
    ...(inputs.cache &&
      beforeInstall && {
        beforeInstall: (language: Language, tools: Array<[string, string]>) => beforeInstall(language, tools, project),
      }),
  };
  const built = await stage(record, 'build', door, () =>
    print.group(
      'Build the view',
      () => buildView(request),
      (outcome) => outcome.ok,
    ),
  );
  if (!built) return undefined;
  record.built = built;
  record.tell('build', reportBuild(built, project.folder));
  if (built.ok) return built.result.componentPath;
  const kind: FailureKind = built.error.kind === 'tool' ? 'tool' : 'check';
  record.fail(`The build failed: ${firstSentence(built.error.message)}${seeSection('Build')}`, kind);
  return undefined;
}

async function validationStage(
  inputs: ActionInputs,
  componentPath: string | undefined,
  door: Door,
  record: RunRecord,
): Promise<void> {
  const { validation: settings, contract } = inputs;
  if (!componentPath) {
    record.notRunBecause('validation', record.built ? 'The build did not produce a component.' : notBuilt(inputs));
    return;
  }
  if (!settings.ok) {
    record.notRunBecause('validation', blockedBy(settings.error));
    return;
  }
  const request = {
    componentPath,
    projectWit: contract.ok ? contract.value.witPath : undefined,
    settings: settings.value,
    language: record.built?.ok ? record.built.result.language : undefined,
    log: logOf('Primatomic validation'),
  };
  const report = await stage(record, 'validation', door, () =>
    print.group('Validate the view', () => validateView(request), passed),
  );
  if (!report) return;
  record.validation = report;
  record.tell('validation', reportValidation(report, settings.value.maxSizeBytes));
  if (report.errors > 0) {
    const errors = plural(report.errors, 'error');
    record.fail(`The view failed validation: ${errors} (the summary lists every finding).`, 'check');
  }
}

/** Why there is no component when the build did not run: its input's error. */
function notBuilt(inputs: ActionInputs): string {
  const blocking = [inputs.source, inputs.contract].find((checked) => !checked.ok);
  return blocking && !blocking.ok ? blockedBy(blocking.error) : 'The build did not produce a component.';
}

async function conformanceStage(
  inputs: ActionInputs,
  door: Door,
  record: RunRecord,
  preloaded: ConformanceWorker | undefined,
): Promise<void> {
  const { conformance } = inputs;
  const { validation, built } = record;
  if (!conformance.ok) return record.notRunBecause('conformance', blockedBy(conformance.error));
  if (!conformance.value) return record.notRunBecause('conformance', 'conformance is false.');
  if (!validation?.facts.bytes || validation.errors > 0) {
    const why = validation ? 'The view failed validation, so it was not run.' : 'The view was not validated.';
    return record.notRunBecause('conformance', why);
  }
  const samples = conformance.value;
  const test = {
    preloaded,
    componentBytes: validation.facts.bytes,
    ...samples,
    makeExplainer: built?.ok ? built.result.explainer : undefined,
    explainEmptyResults: built?.ok ? built.result.explainsWrongReturns : false,
  };
  const log = logOf('Primatomic conformance test');
  const report = await stage(record, 'conformance', door, () =>
    print.group(
      "Test the view's contract",
      async () => (await import('../conformance/conformance.ts')).testView(test, log),
      passed,
    ),
  );
  if (!report) return;
  record.conformance = report;
  record.tell('conformance', reportConformance(report, samples, validation.facts.path));
  if (report.errors > 0) {
    record.fail(`The view failed the conformance test: ${plural(report.errors, 'error')}.`, 'check');
  }
}

/** The deploy, when asked for: only a view that passed every check (each failure above has failed the run). */
async function deployStage(
  inputs: ActionInputs,
  componentPath: string | undefined,
  door: Door,
  record: RunRecord,
): Promise<void> {
  const { deploy } = inputs;
  if (deploy.ok && !deploy.value) return;
  const outcome = await stage(record, 'deploy', door, () => deployIfChecked(inputs, componentPath, record));
  if (!outcome) return;
  record.deploy = outcome;
  record.tell('deploy', reportDeploy(outcome));
  // A deploy that could not run because of an input failed the run with that input's error already.
  if (!outcome.ran) return;
  if (outcome.result.outcome === 'failed') {
    const message = `The deploy failed: ${firstSentence(outcome.result.message)}${seeSection('Deploy')}`;
    record.fail(message, deployFailureKind(outcome));
  }
  if (outcome.verify && !outcome.verify.ok) record.fail('The deployed view failed the verify query.', 'check');
}

async function deployIfChecked(
  inputs: ActionInputs,
  componentPath: string | undefined,
  record: RunRecord,
): Promise<DeployOutcome> {
  const { deploy } = inputs;
  if (!deploy.ok) return { ran: false, failed: true, reason: blockedBy(deploy.error) };
  const plan = deploy.value!;
  if ('skipped' in plan) return { ran: false, failed: false, reason: plan.skipped };
  const { stat, sha256, bytes } = record.validation?.facts ?? {};
  const checked = record.validation !== undefined && record.validation.errors === 0 && !record.failed;
  if (!checked || !componentPath || stat?.kind !== 'file' || !sha256 || !bytes) {
    return { ran: false, failed: false, reason: 'The view did not pass the checks above, so nothing was deployed.' };
  }
  const { settings } = plan;
  return print.group(
    'Deploy the view',
    async () => {
      const request = {
        settings,
        // The bytes that were hashed, validated and tested: a file swapped on disk since is not what goes out.
        component: bytes,
        componentSha256: sha256,
        sourceDigest: record.built?.ok ? record.built.result.sourceDigest : undefined,
        userAgent: USER_AGENT,
      };
      const { deployView, verifyDeployedView } = await import('../deploy/index.ts');
      const result = await deployView(request);
      const there = result.outcome === 'deployed' || result.outcome === 'already-deployed';
      const verify =
        there && settings.verify ? await verifyDeployedView(settings, result.viewName, USER_AGENT) : undefined;
      return { ran: true, settings, result, verify, size: stat.size, sha256 };
    },
    (outcome) => outcome.result.outcome !== 'failed' && (!outcome.verify || outcome.verify.ok),
  );
}

/** A refusal is the view's or the settings' (a taken name, a bad token); no answer at all is the network's. */
function deployFailureKind(outcome: Extract<DeployOutcome, { ran: true }>): FailureKind {
  const status = outcome.result.attempts.at(-1)?.status;
  if (status === undefined || status >= 500 || status === 429) return 'tool';
  return status === 401 || status === 403 || status === 404 ? 'input' : 'check';
}

/**
 * Runs a stage, turning an unexpected failure (the action's own, not the view's or an input's) into that stage's
 * section and a failure of the run; the stages after it then say they did not run.
 */
async function stage<T>(record: RunRecord, name: Stage, door: Door, work: () => Promise<T>): Promise<T | undefined> {
  record.begin(name);
  try {
    return await work();
  } catch (error) {
    // An input found wrong only once the stage looks (no language's files in working-directory).
    if (error instanceof InputError) {
      record.inputError(error);
      record.notRunBecause(name, blockedBy(error));
      return undefined;
    }
    record.crashed(name, crashMessage(error, door));
    return undefined;
  }
}

/** The action's own failure (not the view's, not an input's): its message, and its stack trace only in debug. */
export function crashMessage(error: unknown, door: Door): string {
  const message = error instanceof Error ? error.message : String(error);
  if (door.debug && error instanceof Error && error.stack) print.debug(error.stack);
  if (error instanceof ToolFailure) {
    if (error.detail) print.debug(`${error.tool} said:\n${error.detail}`);
    return (
      `${message}. This is a failure of a tool primatomic-view runs, not of your view or inputs: please report it at ` +
      `${ISSUES_URL} with the file it was given.`
    );
  }
  return `primatomic-view failed: ${message}${door.debug ? '' : ` (${door.debugHint} for a stack trace)`}`;
}
