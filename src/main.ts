import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { type BuildOutcome, buildView } from './builder/builder.ts';
import { cachePlan } from './cache/cache-plan.ts';
import { restoreCaches } from './cache/caches.ts';
import { testView } from './conformance/conformance.ts';
import { deployView } from './deploy/deploy.ts';
import { verifyDeployedView } from './deploy/verify.ts';
import { type ActionInputs, loadInputs } from './inputs/inputs.ts';
import { InputError } from './kernel/errors.ts';
import type { Log } from './kernel/log.ts';
import { plural } from './kernel/text.ts';
import { USER_AGENT } from './kernel/version.ts';
import { reportBuild } from './report/report-build.ts';
import { type ConformanceOutcome, reportConformance } from './report/report-conformance.ts';
import { type DeployOutcome, reportDeploy } from './report/report-deploy.ts';
import { reportValidation } from './report/report-validation.ts';
import { validateView } from './validate/validate.ts';

const BUILD_LOG: Log = {
  info: (line) => core.info(line),
  warn: (message) => core.warning(message, { title: 'Primatomic build' }),
};

/**
 * The action, top to bottom: inputs → build (when no component is given) → validate → conformance → deploy.
 * Stages return their results; this is the one place that reports them, and the one place that fails the job.
 */
export async function run(): Promise<void> {
  try {
    // Masked before anything else runs, so that no later line can print the token.
    const token = core.getInput('api-token');
    if (token) core.setSecret(token);
    const inputs = loadInputs((name) => core.getInput(name));
    const failures: string[] = [];
    const summary: string[] = [];

    const built = inputs.build ? await core.group('Build the view', () => build(inputs)) : undefined;
    if (built) summary.push(reportBuild(built, inputs.workingDirectory));
    if (built && !built.ok) {
      await writeSummary(summary.join('\n'));
      core.setFailed('The build failed, so nothing was validated, tested or deployed.');
      return;
    }
    const componentPath = built?.ok ? built.result.componentPath : inputs.componentPath!;

    const validation = await core.group('Validate the view', () =>
      validateView({
        componentPath,
        contract: inputs.contract,
        settings: inputs.validation,
        language: built?.ok ? built.result.language : undefined,
      }),
    );
    summary.push(reportValidation(validation, inputs.validation.maxSizeBytes));
    if (validation.errors > 0) {
      failures.push(
        `The view failed validation: ${plural(validation.errors, 'error')} (the job summary lists every finding).`,
      );
    }

    if (inputs.conformance) {
      const samples = inputs.conformance;
      const componentBytes = validation.facts.bytes;
      const outcome: ConformanceOutcome =
        validation.errors > 0 || !componentBytes
          ? { ran: false, reason: 'The view failed validation, so it was not run.' }
          : {
              ran: true,
              report: await core.group("Test the view's contract", () => {
                const corePath = built?.ok ? built.result.coreModule : undefined;
                const coreModule = corePath ? readFileSync(corePath) : undefined;
                return testView({ componentBytes, coreModule, ...samples });
              }),
            };
      summary.push(reportConformance(outcome, samples, componentPath));
      if (outcome.ran && outcome.report.errors > 0) {
        failures.push(`The view failed the conformance test: ${plural(outcome.report.errors, 'error')}.`);
      }
    }

    if (inputs.deploy) {
      const settings = inputs.deploy;
      const { stat } = validation.facts;
      const outcome: DeployOutcome =
        failures.length > 0 || stat.kind !== 'file'
          ? { ran: false, reason: 'The view did not pass the checks above, so nothing was deployed.' }
          : await core.group('Deploy the view', async () => {
              const result = await deployView({
                settings,
                componentPath,
                componentSize: stat.size,
                userAgent: USER_AGENT,
              });
              const verify =
                result.outcome === 'deployed' && settings.verify
                  ? await verifyDeployedView(settings, USER_AGENT)
                  : undefined;
              return { ran: true, settings, result, verify, size: stat.size, sha256: validation.facts.sha256 ?? '' };
            });
      summary.push(reportDeploy(outcome));
      if (outcome.ran && outcome.result.outcome === 'failed') failures.push('The deploy failed.');
      if (outcome.ran && outcome.verify && !outcome.verify.ok)
        failures.push('The deployed view failed the verify query.');
    }

    await writeSummary(summary.join('\n'));
    if (failures.length > 0) core.setFailed(failures.join(' '));
  } catch (error) {
    reportCrash(error);
  }
}

function build(inputs: ActionInputs): Promise<BuildOutcome> {
  const { workingDirectory } = inputs;
  return buildView({
    workingDirectory,
    contract: inputs.contract,
    settings: inputs.build!,
    log: BUILD_LOG,
    ...(inputs.cache && {
      beforeInstall: (language, tools) => restoreCaches(cachePlan(language, tools, workingDirectory)),
    }),
  });
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Bad inputs name the input; anything else is the action's own failure, with a stack trace only in debug. */
function reportCrash(error: unknown): void {
  if (error instanceof InputError) {
    core.setFailed(`Input ${error.input}: ${error.message}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (core.isDebug() && error instanceof Error && error.stack) core.debug(error.stack);
  const debugHint = core.isDebug() ? '' : ' (set ACTIONS_STEP_DEBUG to true for a stack trace)';
  core.setFailed(`The action failed: ${message}${debugHint}`);
}
