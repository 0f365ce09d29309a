/**
 * The optional check after a deploy: ask the new view a query and compare the answer. A freshly deployed view
 * catches up on the log first, so what Primatomic says to retry (502/503/504 among them) and dropped connections
 * are retried until verify-timeout.
 */
import { sameBytes, showBytes } from '../kernel/bytes.ts';
import { type HttpResponse, send, TransportError } from '../net/http.ts';
import { apiHeaders, type DeploySettings, describeBody, headerOf, viewUrlOf } from './api.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RETRIED_STATUSES, type RetryPolicy, retrying } from './retry.ts';

export interface VerifyResult {
  ok: boolean;
  answer: Uint8Array | undefined;
  attempts: number;
  message: string;
  hint?: string;
}

export async function verifyDeployedView(
  settings: DeploySettings,
  viewName: string,
  userAgent: string,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<VerifyResult> {
  const verify = settings.verify!;
  const url = viewUrlOf(settings, viewName, '/query');
  return retrying<VerifyResult, string>({
    policy,
    // verify-timeout bounds the whole check, the time inside a request included.
    budgetMs: verify.timeoutMs,
    maxAttempts: Number.POSITIVE_INFINITY,
    attempt: async (attempt, remainingMs) => {
      let response: HttpResponse;
      try {
        response = await send(url, {
          method: 'POST',
          headers: apiHeaders(settings, userAgent),
          body: verify.query,
          timeoutMs: policy.requestTimeoutMs,
          deadlineMs: remainingMs,
        });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        return { again: error.code === 'EDEADLINE' ? error.message : error.code };
      }
      if (response.status >= 200 && response.status < 300) {
        const answer = new Uint8Array(response.body);
        // The answer is the server's text: it may echo the token, which goes before the answer is cut.
        const shown = showBytes(answer, undefined, settings.apiToken);
        if (!verify.expect || sameBytes(answer, verify.expect)) {
          return { result: { ok: true, answer, attempts: attempt, message: `The deployed view answered ${shown}.` } };
        }
        return {
          result: {
            ok: false,
            answer,
            attempts: attempt,
            message: `The deployed view answered ${shown}; verify-expect is ${showBytes(verify.expect)}.`,
            hint:
              'The view is deployed but answers differently than expected: check the events in the log and the ' +
              "view's query.",
          },
        };
      }
      if (!RETRIED_STATUSES.has(response.status)) {
        return {
          result: {
            ok: false,
            answer: undefined,
            attempts: attempt,
            message:
              `The verify query was refused (${response.status}: ` +
              `${describeBody(response.body, settings.apiToken)}).`,
            hint: REFUSAL_HINTS[response.status] ?? REFUSAL_HINTS.other,
          },
        };
      }
      const retryAfterMs = response.status === 429 ? parseRetryAfter(headerOf(response, 'retry-after')) : undefined;
      return { again: `HTTP ${response.status}`, retryAfterMs };
    },
    gaveUp: (attempts, _elapsedMs, last) => ({
      ok: false,
      answer: undefined,
      attempts,
      message: `The deployed view did not answer within ${verify.timeoutMs / 1000} s (last: ${last}).`,
      hint: 'The view may still be catching up on a long log: raise verify-timeout, or query it later.',
    }),
  });
}

/** What to do when the query of a view that was just deployed (or found deployed) is refused. */
const REFUSAL_HINTS: Record<number | 'other', string> = {
  401: 'The token was refused for the query: check that api-token is a current API key of the tenant.',
  403: 'The token may deploy but not query this log: give the key permission to query, or drop verify-query.',
  404: 'The view or the log is not found at api-url: check log-id and api-url; the deploy above names the view.',
  400: 'Primatomic refused the query itself: check verify-query (the bytes are sent as they are).',
  other: 'The view is deployed; this status is not retried. Query it again later, or drop verify-query.',
};
