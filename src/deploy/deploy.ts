/**
 * The deploy stage: upload the validated component to `POST {api-url}/logs/{log-id}/views/{view-name}`, retrying
 * what Primatomic says to retry, and explaining everything else. It reports nothing itself; the result says all.
 */
import { plural } from '../kernel/text.ts';
import { type DeploySettings, describeBody, headerOf, parseJson, redact, viewUrlOf } from './api.ts';
import { type HttpResponse, send, TransportError } from './http.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RETRIED_STATUSES, type RetryPolicy, retryDelayMs } from './retry.ts';

export type { DeploySettings } from './api.ts';

export interface Attempt {
  status?: number;
  /** The transport failure, when there was no HTTP answer. */
  error?: string;
  ms: number;
  /** The wait before the next attempt. */
  waitMs?: number;
}

export interface DeployResult {
  outcome: 'deployed' | 'skipped' | 'failed';
  viewId: string | undefined;
  viewUrl: string;
  attempts: Attempt[];
  /** One line: what happened. */
  message: string;
  hint?: string;
}

export interface DeployRequest {
  settings: DeploySettings;
  componentPath: string;
  componentSize: number;
  userAgent: string;
}

export async function deployView(
  request: DeployRequest,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<DeployResult> {
  const { settings } = request;
  const url = viewUrlOf(settings);
  const viewUrl = url.href;
  const attempts: Attempt[] = [];
  const started = performance.now();
  const result = (outcome: DeployResult['outcome'], message: string, hint?: string, viewId?: string): DeployResult => ({
    outcome,
    viewId,
    viewUrl,
    attempts,
    message: redact(message, settings.apiToken),
    ...(hint && { hint }),
  });

  for (let number = 1; ; number++) {
    const attemptStart = performance.now();
    let response: HttpResponse | undefined;
    let transportError: TransportError | undefined;
    try {
      response = await send(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${settings.apiToken}`,
          'Content-Type': 'application/octet-stream',
          Accept: 'application/json',
          'User-Agent': request.userAgent,
        },
        body: { file: request.componentPath, size: request.componentSize },
        timeoutMs: policy.requestTimeoutMs,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      transportError = error;
    }
    const attempt: Attempt = {
      ms: Math.round(performance.now() - attemptStart),
      ...(response ? { status: response.status } : { error: `${transportError!.code}: ${transportError!.message}` }),
    };
    attempts.push(attempt);

    if (response && response.status >= 200 && response.status < 300) {
      const body = parseJson(response.body);
      if (body?.success !== true) {
        return result(
          'failed',
          `The API answered ${response.status} without "success": true (${describeBody(response.body)}); the ` +
            `view may or may not be deployed.`,
          "Check api-url: it must be Primatomic's API, not a proxy or web page.",
        );
      }
      return result(
        'deployed',
        `Deployed ${settings.viewName} to log ${settings.logId}.`,
        undefined,
        typeof body.view_id === 'string' ? body.view_id : undefined,
      );
    }
    if (response && !RETRIED_STATUSES.has(response.status)) return refused(response, attempts, settings, result);

    const reason = response ? `HTTP ${response.status}` : `${transportError!.code}`;
    const retryAfterMs = response?.status === 429 ? parseRetryAfter(headerOf(response, 'retry-after')) : undefined;
    const waitMs = retryDelayMs(policy, number, retryAfterMs);
    const elapsed = performance.now() - started;
    if (number >= policy.maxAttempts || elapsed + waitMs > policy.maxTotalMs) {
      const detail = response ? ` (${describeBody(response.body)})` : '';
      return result(
        'failed',
        `The deploy failed after ${plural(number, 'attempt')} in ${Math.round(elapsed / 1000)} s; the last was ` +
          `${reason}${detail}.`,
        response?.status === 429
          ? 'Primatomic rate-limits per tenant (100 requests/s shared by all keys): run the deploy again later.'
          : 'Primatomic or the network is failing; run the job again later. The view was not deployed unless a ' +
              'later deploy says the name is taken.',
      );
    }
    attempt.waitMs = waitMs;
    await policy.sleep(waitMs);
  }
}

function refused(
  response: HttpResponse,
  attempts: Attempt[],
  settings: DeploySettings,
  result: (outcome: DeployResult['outcome'], message: string, hint?: string) => DeployResult,
): DeployResult {
  const detail = describeBody(response.body);
  const earlierFailedInTransit = attempts
    .slice(0, -1)
    .some((attempt) => attempt.error !== undefined || (attempt.status ?? 0) >= 500);
  switch (response.status) {
    case 400:
      return result(
        'failed',
        `Primatomic refused the upload as invalid (400: ${detail}).`,
        "The view passed this action's validation; report the message to Primatomic with the view's sha256 from " +
          'the job summary.',
      );
    case 401:
      return result(
        'failed',
        `Primatomic did not accept the token (401: ${detail}): it is missing, expired or revoked.`,
        'Create a new API key in the Primatomic dashboard and store it in the secret passed as api-token. ' +
          'Retrying with the same token cannot work.',
      );
    case 403:
      return result(
        'failed',
        `The token is not allowed to deploy to log ${settings.logId} (403: ${detail}).`,
        'Use a token of the tenant that owns the log, with permission to deploy views.',
      );
    case 404:
      return result(
        'failed',
        `There is no log ${settings.logId} for this token (404: ${detail}).`,
        'Check log-id (and that the token belongs to the tenant that owns the log).',
      );
    case 409: {
      const transit = earlierFailedInTransit
        ? ' An earlier attempt failed in transit, so it may have deployed this very view before the connection broke.'
        : '';
      if (settings.ifExists === 'skip')
        return result(
          'skipped',
          `A view named ${settings.viewName} already exists in log ${settings.logId}; nothing was deployed ` +
            `(if-exists: skip).${transit}`,
        );
      return result(
        'failed',
        `A view named ${settings.viewName} already exists in log ${settings.logId} (409): view names are unique ` +
          `per log and Primatomic documents no update.${transit}`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, written as the user writes it.
        'Deploy under a new, versioned name (e.g. view-name: counter-v${{ github.run_number }}), or set ' +
          'if-exists: skip.',
      );
    }
    case 413:
      return result(
        'failed',
        `Primatomic refused the view as too large (413: ${detail}); its limit is 100 MB.`,
        'Shrink the view: release build, strip debug information, fewer dependencies.',
      );
    default: {
      if (response.status >= 300 && response.status < 400) {
        const location = headerOf(response, 'location');
        return result(
          'failed',
          `The API answered with a redirect (${response.status}${location ? ` to ${location}` : ''}), which is ` +
            `not followed so that the token only goes to api-url's host.`,
          location ? `If that address is right, set api-url to it.` : 'Check api-url.',
        );
      }
      return result(
        'failed',
        `Primatomic refused the deploy (${response.status}: ${detail}).`,
        'See the message above; this status is not retried.',
      );
    }
  }
}
