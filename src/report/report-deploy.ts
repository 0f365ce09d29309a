import * as core from '@actions/core';
import type { DeployResult, DeploySettings } from '../deploy/deploy.ts';
import type { VerifyResult } from '../deploy/verify.ts';
import { formatSize } from '../kernel/size.ts';
import { plural, withHint } from '../kernel/text.ts';
import { cell, code, table } from './markdown.ts';

export type DeployOutcome =
  | {
      ran: true;
      settings: DeploySettings;
      result: DeployResult;
      verify: VerifyResult | undefined;
      size: number;
      sha256: string;
    }
  | { ran: false; reason: string };

const TITLE = 'Primatomic deploy';

/** Outputs, annotations and the summary section of the deploy; returns that section. */
export function reportDeploy(outcome: DeployOutcome): string {
  if (!outcome.ran) {
    core.setOutput('deployed', 'false');
    core.info(`Deploy skipped: ${outcome.reason}`);
    return `## Deploy: ⏭️ not deployed\n\n${cell(outcome.reason)}\n\n`;
  }
  const { result, verify, settings } = outcome;
  core.setOutput('deployed', String(result.outcome === 'deployed'));
  core.setOutput('view-url', result.viewUrl);
  if (result.viewId) core.setOutput('view-id', result.viewId);

  const text = withHint(result.message, result.hint);
  if (result.outcome === 'failed') core.error(text, { title: TITLE });
  else if (result.outcome === 'skipped') core.warning(text, { title: TITLE });
  else core.info(result.message);
  if (verify) {
    if (verify.ok) core.info(verify.message);
    else core.error(withHint(verify.message, verify.hint), { title: `${TITLE}: verify query` });
  }

  const heading =
    result.outcome === 'deployed'
      ? verify && !verify.ok
        ? '❌ deployed, verify failed'
        : '✅ deployed'
      : result.outcome === 'skipped'
        ? '⚠️ skipped, the name is taken'
        : '❌ failed';
  let markdown = `## Deploy: ${heading}\n\n`;
  markdown += table(
    ['', ''],
    [
      ['Outcome', cell(result.message)],
      ...(result.hint ? [['What to do', cell(result.hint)]] : []),
      ['Log', code(settings.logId)],
      ['View', code(settings.viewName)],
      ['URL', code(result.viewUrl)],
      ...(result.viewId ? [['View id', code(result.viewId)]] : []),
      ['Uploaded', `${cell(formatSize(outcome.size))}, sha256 ${code(outcome.sha256)}`],
      ...(verify ? [['Verify query', cell(`${verify.message} (${plural(verify.attempts, 'attempt')})`)]] : []),
    ],
  );
  markdown += table(
    ['Attempt', 'Answer', 'Time', 'Then waited'],
    result.attempts.map((attempt, index) => [
      String(index + 1),
      attempt.status !== undefined ? `HTTP ${attempt.status}` : cell(attempt.error ?? ''),
      `${attempt.ms} ms`,
      attempt.waitMs !== undefined ? `${(attempt.waitMs / 1000).toFixed(1)} s` : '',
    ]),
  );
  return markdown;
}
