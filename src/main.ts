import * as core from '@actions/core';
import { testView } from './conformance/test-view.ts';
import { deployView } from './deploy/deploy.ts';
import { verifyDeployedView } from './deploy/verify.ts';
import { InputError } from './errors.ts';
import { loadInputs, type ActionInputs, type BuildInputs, type CheckedInputs } from './inputs.ts';
import { buildView } from './build/build.ts';
import { languageEntries, toolchainEntries } from './cache/cache-plan.ts';
import { restoreCaches } from './cache/caches.ts';
import type { Language } from './languages/index.ts';
import { BuildError } from './build/build-error.ts';
import { reportBuild, type BuildOutcome } from './report/report-build.ts';
import { reportConformance, type ConformanceOutcome } from './report/report-conformance.ts';
import { reportDeploy, type DeployOutcome } from './report/report-deploy.ts';
import { reportValidation } from './report/report-validation.ts';
import { USER_AGENT } from './version.ts';
import { validateView } from './validate/validate.ts';
import { plural } from './text.ts';

/**
 * The action, top to bottom: inputs → build (when no component is given) → validate → conformance → deploy. Stages return their results;
 * this is the one place that reports them, and the one place that fails the job.
 */
export async function run(): Promise<void> {
  try {
    // Masked before anything else runs, so that no later line can print the token.
    const token = core.getInput('api-token');
    if (token) core.setSecret(token);
    const inputs = loadInputs((name) => core.getInput(name));
    const failures: string[] = [];
    const summary: string[] = [];

    const built = inputs.build ? await core.group('Build the view', () => build(inputs, inputs.build!)) : undefined;
    if (built) summary.push(reportBuild(built, inputs.workingDirectory));
    if (built && !built.ok) {
      await writeSummary(summary.join('\n'));
      core.setFailed('The build failed, so nothing was validated, tested or deployed.');
      return;
    }
    const checked: CheckedInputs = { ...inputs, componentPath: built?.ok ? built.result.componentPath : inputs.componentPath! };

    const validation = await core.group('Validate the view', () => validateView({ ...checked, language: built?.ok ? built.result.language : undefined }));
    summary.push(reportValidation(validation, checked));
    if (validation.errors > 0) failures.push(`The view failed validation: ${plural(validation.errors, 'error')} (the job summary lists every finding).`);

    if (inputs.conformance) {
      const outcome: ConformanceOutcome = validation.errors > 0 || !validation.facts.bytes
        ? { ran: false, reason: 'The view failed validation, so it was not run.' }
        : { ran: true, report: await core.group('Test the view\'s contract', () => testView({ componentBytes: validation.facts.bytes!, eventsFile: inputs.testEvents, queriesFile: inputs.testQueries })) };
      summary.push(reportConformance(outcome, checked));
      if (outcome.ran && outcome.report.errors > 0) failures.push(`The view failed the conformance test: ${plural(outcome.report.errors, 'error')}.`);
    }

    if (inputs.deploy) {
      const deployInputs = inputs.deploy;
      const outcome: DeployOutcome = failures.length > 0 || validation.facts.stat.kind !== 'file'
        ? { ran: false, reason: 'The view did not pass the checks above, so nothing was deployed.' }
        : await core.group('Deploy the view', async () => {
          const size = validation.facts.stat.kind === 'file' ? validation.facts.stat.size : 0;
          const result = await deployView({ inputs: deployInputs, componentPath: checked.componentPath, componentSize: size, userAgent: USER_AGENT });
          const verify = result.outcome === 'deployed' && deployInputs.verify ? await verifyDeployedView(deployInputs, USER_AGENT) : undefined;
          return { ran: true, inputs: deployInputs, result, verify, size, sha256: validation.facts.sha256 ?? '' };
        });
      summary.push(reportDeploy(outcome));
      if (outcome.ran && outcome.result.outcome === 'failed') failures.push('The deploy failed.');
      if (outcome.ran && outcome.verify && !outcome.verify.ok) failures.push('The deployed view failed the verify query.');
    }

    await writeSummary(summary.join('\n'));
    if (failures.length > 0) core.setFailed(failures.join(' '));
  } catch (error) {
    reportCrash(error);
  }
}

async function build(inputs: ActionInputs, options: BuildInputs): Promise<BuildOutcome> {
  try {
    const beforeInstall = options.cache
      ? (language: Language, toolFolders: Record<string, string>) => restoreCaches([...toolchainEntries(toolFolders), ...languageEntries(language.id, inputs.workingDirectory)])
      : undefined;
    const result = await buildView({ workingDirectory: inputs.workingDirectory, witPath: inputs.witPath, world: inputs.world, ...options, beforeInstall },
      (line) => core.info(line), (message) => core.warning(message, { title: 'Primatomic build' }));
    return { ok: true, result };
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    return { ok: false, error, language: options.language === 'auto' ? undefined : options.language };
  }
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
  core.setFailed(`The action failed: ${message}${core.isDebug() ? '' : ' (set ACTIONS_STEP_DEBUG to true for a stack trace)'}`);
}
