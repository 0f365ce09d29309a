import type { DeployOutcome, DeployResult } from '../deploy/deploy.ts';
import { formatSize } from '../kernel/size.ts';
import { plural, withHint } from '../kernel/text.ts';
import { print } from '../printer/printer.ts';
import { cell, code, table } from './markdown.ts';

const TITLE = 'Primatomic deploy';

/** Annotations and the summary section of the deploy; returns that section. */
export function reportDeploy(outcome: DeployOutcome): string {
  if (!outcome.ran) {
    // A deploy that was skipped on purpose (deploy: auto without a token) is a notice, as action.yml promises.
    if (outcome.failed) print.info(`Not deployed: ${outcome.reason}`);
    else print.notice(`Not deployed: ${outcome.reason}`, { title: TITLE });
    return `## Deploy: ${outcome.failed ? '❌' : '⏭️'} not deployed\n\n${cell(outcome.reason)}\n\n`;
  }
  const { result, verify, settings } = outcome;
  const there = result.outcome === 'deployed' || result.outcome === 'already-deployed';

  const text = withHint(result.message, result.hint);
  if (result.outcome === 'failed') print.error(text, { title: TITLE });
  else if (result.outcome === 'skipped') print.warning(text, { title: TITLE });
  else print.info(result.message);
  if (verify) {
    if (verify.ok) print.info(verify.message);
    else print.error(withHint(verify.message, verify.hint), { title: `${TITLE}: verify query` });
  }

  const headings: Record<DeployResult['outcome'], string> = {
    deployed: '✅ deployed',
    'already-deployed': '✅ already deployed',
    skipped: '⚠️ skipped, the name is taken',
    failed: '❌ failed',
  };
  const heading =
    there && verify && !verify.ok ? `❌ ${headings[result.outcome].slice(2)}, verify failed` : headings[result.outcome];
  const uploaded = result.attempts.some((attempt) => attempt.uploaded);
  let markdown = `## Deploy: ${heading}\n\n`;
  markdown += table(
    ['', ''],
    [
      ['Outcome', cell(result.message)],
      ...(result.hint ? [['What to do', cell(result.hint)]] : []),
      ['Log', code(settings.logId)],
      ['View', `${code(result.viewName)} (from view-name ${code(settings.viewName.pattern)})`],
      ...(there ? [['URL', code(result.viewUrl)]] : []),
      ...(result.viewId ? [['View id', code(result.viewId)]] : []),
      [uploaded ? 'Uploaded' : 'Component', `${cell(formatSize(outcome.size))}, sha256 ${code(outcome.sha256)}`],
      ...(verify ? [['Verify query', cell(`${verify.message} (${plural(verify.attempts, 'attempt')})`)]] : []),
    ],
  );
  markdown += table(
    ['Attempt', 'Answer', 'Component sent', 'Time', 'Then waited'],
    result.attempts.map((attempt, index) => [
      String(index + 1),
      attempt.status !== undefined ? `HTTP ${attempt.status}` : cell(attempt.error ?? ''),
      attempt.uploaded ? 'yes' : 'no',
      `${attempt.ms} ms`,
      attempt.waitMs !== undefined ? `${(attempt.waitMs / 1000).toFixed(1)} s` : '',
    ]),
  );
  return markdown;
}
