import * as core from '@actions/core';
import type { BuildSettings } from './builder/builder.ts';
import { type BuildOutcome, buildView } from './builder/builder.ts';
import { cachePlan } from './cache/cache-plan.ts';
import { restoreCaches } from './cache/caches.ts';
import { testView } from './conformance/conformance.ts';
import type { ContractSettings } from './contract/contract.ts';
import { deployView } from './deploy/deploy.ts';
import { verifyDeployedView } from './deploy/verify.ts';
import type { DeployPlan } from './inputs/deploy-inputs.ts';
import { type ActionInputs, loadInputs } from './inputs/inputs.ts';
import { InputError, ToolFailure } from './kernel/errors.ts';
import type { Log } from './kernel/log.ts';
import { firstSentence, plural } from './kernel/text.ts';
import { ISSUES_URL, USER_AGENT } from './kernel/version.ts';
import { keepSecret, print } from './printer/printer.ts';
import { reportBuild } from './report/report-build.ts';
import { reportConformance } from './report/report-conformance.ts';
import { type DeployOutcome, reportDeploy } from './report/report-deploy.ts';
import { reportInputs } from './report/report-inputs.ts';
import { reportValidation } from './report/report-validation.ts';
import { blockedBy, RunStory, STAGES, type Stage } from './report/story.ts';
import { type ValidationReport, validateView } from './validate/validate.ts';

/** The log of a stage: its warnings are annotations titled after it. */
const logOf = (title: string): Log => ({
  info: (line) => print.info(line),
  warn: (message) => print.warning(message, { title }),
});
const BUILD_LOG = logOf('Primatomic build');
const VALIDATION_LOG = logOf('Primatomic validation');
const CONFORMANCE_LOG = logOf('Primatomic conformance test');

/**
 * The action, top to bottom: inputs → build (when no component is given) → validate → conformance → deploy. Each
 * stage runs when what it needs is there, whatever went wrong elsewhere, and says why when it cannot; this is the
 * one place that reports, and the job fails once, at the end, with the summary written however the run ends.
 */
export async function run(): Promise<void> {
  const story = new RunStory();
  // The runner signals a step that times out or is cancelled (SIGINT, then SIGTERM): say so, once, and end.
  let stopping = false;
  const stopped = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    story.stopped(signal);
    story.finish();
    process.exit(1);
  };
  process.on('SIGINT', stopped);
  process.on('SIGTERM', stopped);
  try {
    await pipeline(story);
  } catch (error) {
    story.fail(crashMessage(error));
  } finally {
    process.off('SIGINT', stopped);
    process.off('SIGTERM', stopped);
    story.finish();
  }
}

async function pipeline(story: RunStory): Promise<void> {
  // Masked before anything else runs, so that no later line can print the token.
  const token = core.getInput('api-token');
  keepSecret(token);
  let inputs: ActionInputs;
  try {
    inputs = loadInputs((name) => core.getInput(name));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    story.inputError(error);
    for (const stage of STAGES.slice(1)) story.notRun(stage, blockedBy(error));
    return;
  }
  reportInputs(inputs, story);
  const stage = stageRunner(story);

  // Build, or the component given.
  let componentPath: string | undefined;
  let built: BuildOutcome | undefined;
  let noComponent = '';
  const { source, contract } = inputs;
  if (!source.ok) {
    noComponent = blockedBy(source.error);
    if (source.error.input !== 'component') story.notRun('build', noComponent);
  } else if ('componentPath' in source.value) {
    componentPath = source.value.componentPath;
  } else if (!contract.ok) {
    noComponent = blockedBy(contract.error);
    story.notRun('build', noComponent);
  } else {
    const settings = source.value.build;
    const request = { settings, contract: contract.value };
    built = await stage('build', () => print.group('Build the view', () => build(inputs, request)));
    if (built) story.tell('build', reportBuild(built, inputs.workingDirectory));
    if (built?.ok) componentPath = built.result.componentPath;
    else if (built) story.fail(`The build failed: ${firstSentence(built.error.message)} (see the Build section).`);
    noComponent = 'The build did not produce a component.';
  }

  // Validation.
  let validation: ValidationReport | undefined;
  const { validation: validationSettings } = inputs;
  if (!componentPath) story.notRun('validation', noComponent);
  else if (!validationSettings.ok) story.notRun('validation', blockedBy(validationSettings.error));
  else {
    const request = {
      componentPath,
      projectWit: contract.ok ? contract.value.witPath : undefined,
      settings: validationSettings.value,
      language: built?.ok ? built.result.language : undefined,
      log: VALIDATION_LOG,
    };
    validation = await stage('validation', () => print.group('Validate the view', () => validateView(request)));
    if (validation) story.tell('validation', reportValidation(validation, validationSettings.value.maxSizeBytes));
    if (validation && validation.errors > 0) {
      const errors = plural(validation.errors, 'error');
      story.fail(`The view failed validation: ${errors} (the job summary lists every finding).`);
    }
  }

  // Conformance test.
  const { conformance } = inputs;
  const notTested = (reason: string) => {
    core.setOutput('conformance', 'skipped');
    story.notRun('conformance', reason);
  };
  if (!conformance.ok) notTested(blockedBy(conformance.error));
  else if (!conformance.value) notTested('conformance is false.');
  else if (!validation?.facts.bytes || validation.errors > 0) {
    notTested(validation ? 'The view failed validation, so it was not run.' : 'The view was not validated.');
  } else {
    const samples = conformance.value;
    const componentBytes = validation.facts.bytes;
    const makeExplainer = built?.ok ? built.result.explainer : undefined;
    const explainEmptyResults = built?.ok ? built.result.explainsWrongReturns : false;
    const report = await stage('conformance', () =>
      print.group("Test the view's contract", () =>
        testView({ componentBytes, ...samples, makeExplainer, explainEmptyResults }, CONFORMANCE_LOG),
      ),
    );
    if (report) story.tell('conformance', reportConformance(report, samples, componentPath!));
    if (report && report.errors > 0) {
      story.fail(`The view failed the conformance test: ${plural(report.errors, 'error')}.`);
    }
  }

  // Deploy, when asked for: only a view that passed every check (each failure above has failed the story).
  const { deploy } = inputs;
  if (deploy.ok && !deploy.value) return;
  const checked = validation !== undefined && validation.errors === 0 && !story.failed;
  const sourceDigest = built?.ok ? built.result.sourceDigest : undefined;
  const outcome = await stage('deploy', () => deployStage(deploy, checked, validation, componentPath, sourceDigest));
  if (outcome) {
    story.tell('deploy', reportDeploy(outcome));
    if (outcome.ran && outcome.result.outcome === 'failed') {
      story.fail(`The deploy failed: ${firstSentence(outcome.result.message)} (see the Deploy section).`);
    }
    if (outcome.ran && outcome.verify && !outcome.verify.ok) story.fail('The deployed view failed the verify query.');
  }
}

async function deployStage(
  deploy: ActionInputs['deploy'],
  checked: boolean,
  validation: ValidationReport | undefined,
  componentPath: string | undefined,
  sourceDigest: string | undefined,
): Promise<DeployOutcome> {
  if (!deploy.ok) return { ran: false, failed: true, reason: blockedBy(deploy.error) };
  const plan = deploy.value as DeployPlan;
  if ('skipped' in plan) return { ran: false, failed: false, reason: plan.skipped };
  const { stat, sha256 } = validation?.facts ?? {};
  if (!checked || !componentPath || stat?.kind !== 'file' || !sha256) {
    return { ran: false, failed: false, reason: 'The view did not pass the checks above, so nothing was deployed.' };
  }
  const { settings } = plan;
  return print.group('Deploy the view', async () => {
    const request = {
      settings,
      componentPath,
      componentSize: stat.size,
      componentSha256: sha256,
      sourceDigest,
      userAgent: USER_AGENT,
    };
    const result = await deployView(request);
    const there = result.outcome === 'deployed' || result.outcome === 'already-deployed';
    const verify =
      there && settings.verify ? await verifyDeployedView(settings, result.viewName, USER_AGENT) : undefined;
    return { ran: true, settings, result, verify, size: stat.size, sha256 };
  });
}

function build(
  inputs: ActionInputs,
  { settings, contract }: { settings: BuildSettings; contract: ContractSettings },
): Promise<BuildOutcome> {
  const { workingDirectory } = inputs;
  return buildView({
    workingDirectory,
    contract,
    settings,
    log: BUILD_LOG,
    ...(inputs.cache && {
      beforeInstall: async (language, tools) => restoreCaches(await cachePlan(language, tools, workingDirectory)),
    }),
  });
}

/**
 * Runs a stage, turning an unexpected failure (the action's own, not the view's or an input's) into that stage's
 * section and a failure of the run; the stages after it then say they did not run.
 */
function stageRunner(story: RunStory) {
  return async <T>(stage: Stage, work: () => Promise<T>): Promise<T | undefined> => {
    story.begin(stage);
    try {
      return await work();
    } catch (error) {
      // An input found wrong only once the stage looks (no language's files in working-directory).
      if (error instanceof InputError) {
        story.inputError(error);
        story.notRun(stage, blockedBy(error));
        return undefined;
      }
      story.crashed(stage, crashMessage(error));
      return undefined;
    }
  };
}

/** The action's own failure (not the view's, not an input's): its message, and its stack trace only in debug. */
function crashMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (core.isDebug() && error instanceof Error && error.stack) print.debug(error.stack);
  if (error instanceof ToolFailure) {
    if (error.detail) print.debug(`${error.tool} said:\n${error.detail}`);
    return (
      `${message}. This is a failure of a tool the action runs, not of your view or inputs: please report it at ` +
      `${ISSUES_URL} with the file it was given.`
    );
  }
  return `The action failed: ${message}${core.isDebug() ? '' : ' (set ACTIONS_STEP_DEBUG to true for a stack trace)'}`;
}
