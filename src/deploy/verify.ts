/**
 * The optional check after a deploy: ask the new view a query and compare the answer. A freshly deployed view
 * catches up on the log first, so 502/503/504 and dropped connections are retried until the timeout.
 */
import { sameBytes, showBytes } from '../kernel/bytes.ts';
import { redact } from '../kernel/untrusted.ts';
import { type DeploySettings, describeBody, viewUrlOf } from './api.ts';
import { send, TransportError } from './http.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retry.ts';

export interface VerifyResult {
  ok: boolean;
  answer: Uint8Array | undefined;
  attempts: number;
  message: string;
  hint?: string;
}

const CATCHING_UP = new Set([502, 503, 504]);

export async function verifyDeployedView(
  settings: DeploySettings,
  viewName: string,
  userAgent: string,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<VerifyResult> {
  const verify = settings.verify!;
  const url = viewUrlOf(settings, viewName, '/query');
  const started = performance.now();
  let last = '';
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await send(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${settings.apiToken}`,
          'Content-Type': 'application/octet-stream',
          'User-Agent': userAgent,
        },
        body: verify.query,
        timeoutMs: Math.min(policy.requestTimeoutMs, verify.timeoutMs),
        // verify-timeout bounds the whole check, the time inside a request included.
        deadlineMs: Math.max(1, verify.timeoutMs - (performance.now() - started)),
      });
      if (response.status >= 200 && response.status < 300) {
        const answer = new Uint8Array(response.body);
        // The answer is the server's text: it may echo the token (a piece of it, after a cut, is removed too).
        const shown = redact(showBytes(answer), settings.apiToken);
        if (!verify.expect || sameBytes(answer, verify.expect)) {
          return { ok: true, answer, attempts: attempt, message: `The deployed view answered ${shown}.` };
        }
        return {
          ok: false,
          answer,
          attempts: attempt,
          message: `The deployed view answered ${shown}; verify-expect is ${showBytes(verify.expect)}.`,
          hint:
            'The view is deployed but answers differently than expected: check the events in the log and the ' +
            "view's query.",
        };
      }
      if (!CATCHING_UP.has(response.status)) {
        return {
          ok: false,
          answer: undefined,
          attempts: attempt,
          message:
            `The verify query was refused (${response.status}: ` +
            `${describeBody(response.body, settings.apiToken)}).`,
        };
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      last = error.code === 'EDEADLINE' ? error.message : error.code;
    }
    const waitMs = retryDelayMs(policy, Math.min(attempt, 4), undefined);
    if (performance.now() - started + waitMs > verify.timeoutMs) {
      return {
        ok: false,
        answer: undefined,
        attempts: attempt,
        message: `The deployed view did not answer within ${verify.timeoutMs / 1000} s (last: ${last}).`,
        hint: 'The view may still be catching up on a long log: raise verify-timeout, or query it later.',
      };
    }
    await policy.sleep(waitMs);
  }
}
