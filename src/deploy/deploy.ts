/**
 * The deploy stage: upload the validated component to `POST {api-url}/logs/{log-id}/views/{view-name}`, retrying
 * what Primatomic says to retry, and explaining everything else. It reports nothing itself; the result says all.
 */

import { showBytes } from '../kernel/bytes.ts';
import { formatSize, PRIMATOMIC_LIMIT_BYTES } from '../kernel/size.ts';
import { plural } from '../kernel/text.ts';
import { redact } from '../kernel/untrusted.ts';
import { type HttpResponse, send, TransportError } from '../net/http.ts';
import {
  apiHeaders,
  type DeploySettings,
  describeBody,
  headerOf,
  PRIMATOMIC_API,
  parseJson,
  viewUrlOf,
} from './api.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, RETRIED_STATUSES, type RetryPolicy, retrying } from './retry.ts';
import type { VerifyResult } from './verify.ts';
import { type Digests, isContentAddressed, patternFor, resolveViewName } from './view-name.ts';

export type { DeploySettings } from './api.ts';

export interface Attempt {
  status?: number;
  /** The transport failure, when there was no HTTP answer. */
  error?: string;
  ms: number;
  /** Whether the component was sent (the server may refuse before the body, as with a name that is taken). */
  uploaded: boolean;
  /** The wait before the next attempt. */
  waitMs?: number;
}

export interface DeployResult {
  /** `already-deployed`: the name carries the component's sha256 and is taken, so this very component is there. */
  outcome: 'deployed' | 'already-deployed' | 'skipped' | 'failed';
  viewName: string;
  viewId: string | undefined;
  viewUrl: string;
  attempts: Attempt[];
  /** One line: what happened. */
  message: string;
  hint?: string;
}

/** A deploy that ran, or why none did: the checks failed, an input is wrong (a failure), or it was skipped. */
export type DeployOutcome =
  | {
      ran: true;
      settings: DeploySettings;
      result: DeployResult;
      verify: VerifyResult | undefined;
      size: number;
      sha256: string;
    }
  | { ran: false; reason: string; failed: boolean };

export interface DeployRequest {
  settings: DeploySettings;
  /** The component's bytes: the very bytes that were hashed and validated (never read again from disk). */
  component: Uint8Array;
  componentSha256: string;
  /** The sha256 of the build's sources, when the build is not reproducible (its view is named after them). */
  sourceDigest?: string | undefined;
  userAgent: string;
}

/** A UUID, as Primatomic's ids are. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Transport errors that no retry can mend: the name of api-url's host does not resolve. */
const NOT_RETRIED = new Set(['ENOTFOUND']);

export async function deployView(
  request: DeployRequest,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<DeployResult> {
  const { settings } = request;
  const digests = { sha256: request.componentSha256, source: request.sourceDigest };
  const viewName = resolveViewName(settings.viewName, digests);
  const url = viewUrlOf(settings, viewName);
  const attempts: Attempt[] = [];
  const result: Outcome = (outcome, message, hint, viewId) => ({
    outcome,
    viewName,
    viewId,
    viewUrl: url.href,
    attempts,
    message: redact(message, settings.apiToken),
    ...(hint && { hint: redact(hint, settings.apiToken) }),
  });

  return retrying<DeployResult, Unanswered>({
    policy,
    // The whole deploy, retries and time inside each attempt together, stays within maxTotalMs.
    budgetMs: policy.maxTotalMs,
    maxAttempts: policy.maxAttempts,
    attempt: async (number, remainingMs) => {
      const attemptStart = performance.now();
      let response: HttpResponse | undefined;
      let transportError: TransportError | undefined;
      let uploaded = false;
      try {
        response = await send(url, {
          method: 'POST',
          headers: { ...apiHeaders(settings, request.userAgent), Accept: 'application/json' },
          body: { upload: request.component },
          timeoutMs: policy.requestTimeoutMs,
          deadlineMs: remainingMs,
        });
        uploaded = response.sentBody;
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        transportError = error;
        uploaded = error.sentBody;
      }
      attempts.push({
        ms: Math.round(performance.now() - attemptStart),
        uploaded,
        ...(response ? { status: response.status } : { error: `${transportError!.code}: ${transportError!.message}` }),
      });
      if (response) {
        if (response.status >= 200 && response.status < 300) return { result: accepted(response) };
        if (!RETRIED_STATUSES.has(response.status)) {
          return { result: refused(response, { attempts, settings, viewName, digests, result }) };
        }
        const retryAfterMs = response.status === 429 ? parseRetryAfter(headerOf(response, 'retry-after')) : undefined;
        return { again: { reason: `HTTP ${response.status}`, response }, retryAfterMs };
      }
      const error = transportError!;
      const unreachable = notThere(error);
      if (unreachable) return { result: unreachable };
      if (error.code === 'EDEADLINE') return { result: tooSlow(error, { url, number, uploaded, policy, result }) };
      return { again: { reason: `${error.code} (${error.message})`, transportError: error } };
    },
    gaveUp: (number, elapsedMs, { reason, response, transportError }) => {
      const detail = response ? ` (${describeBody(response.body, settings.apiToken)})` : '';
      const proxy = transportError?.proxy;
      const via = proxy ? ` through the proxy ${proxy}` : '';
      return result(
        'failed',
        `The deploy to ${url.host}${via} failed after ${plural(number, 'attempt')} in ` +
          `${Math.round(elapsedMs / 1000)} s; the last was ${reason}${detail}.`,
        response?.status === 429
          ? 'Primatomic rate-limits per tenant (100 requests/s shared by all keys): run the deploy again later.'
          : proxy
            ? `Check that the proxy (https_proxy) lets the runner reach ${url.host} (a CONNECT tunnel), or add the ` +
              'host to no_proxy.'
            : `${url.host} or the network to it is failing; run the job again later. The view was not deployed ` +
              'unless a later deploy says the name is taken.',
      );
    },
    waiting: (waitMs) => {
      attempts.at(-1)!.waitMs = waitMs;
    },
  });

  /** A 2xx: deployed, when the body says so. */
  function accepted(response: HttpResponse): DeployResult {
    const body = parseJson(response.body);
    if (body?.success !== true) {
      const detail = describeBody(response.body, settings.apiToken);
      return result(
        'failed',
        `The API answered ${response.status} without "success": true (${detail}); the view may or may not be ` +
          'deployed.',
        "Check api-url: it must be Primatomic's API, not a proxy or web page.",
      );
    }
    const deployed = `Deployed ${viewName} to log ${settings.logId}.`;
    if (body.view_id === undefined) return result('deployed', deployed);
    // The id is the server's text, passed on as an output: only a UUID is.
    if (typeof body.view_id === 'string' && UUID.test(body.view_id)) {
      return result('deployed', deployed, undefined, body.view_id.toLowerCase());
    }
    const given = showBytes(Buffer.from(JSON.stringify(body.view_id) ?? String(body.view_id)), 80, settings.apiToken);
    return result('deployed', `${deployed} The API's view_id is not a UUID (${given}), so view-id is left empty.`);
  }

  /** A failure no retry can mend: a proxy that refuses the tunnel, a host that does not resolve. */
  function notThere(error: TransportError): DeployResult | undefined {
    const proxyStatus = error.code === 'EPROXY' && error.proxyStatus;
    if (proxyStatus) {
      return result(
        'failed',
        `The proxy ${error.proxy} refused to open a tunnel to ${url.host} (${proxyStatus}); nothing was deployed.`,
        proxyStatus === 407
          ? 'The proxy wants credentials: put them in https_proxy (http://user:password@proxy:port), or add the ' +
              'host to no_proxy.'
          : `Ask the proxy's administrators to allow ${url.host}, or add the host to no_proxy.`,
      );
    }
    if (NOT_RETRIED.has(error.code)) {
      return result(
        'failed',
        `The host of api-url, ${url.hostname}, does not resolve (${error.code}); nothing was deployed.`,
        unresolvedHint(settings.apiUrl),
      );
    }
    return undefined;
  }
}

/** Why an attempt is worth another: a status Primatomic says to retry, or a connection that failed. */
interface Unanswered {
  reason: string;
  response?: HttpResponse;
  transportError?: TransportError;
}

/** The deadline of the whole deploy passed inside an attempt: a server that trickles, or never answers. */
function tooSlow(
  error: TransportError,
  {
    url,
    number,
    uploaded,
    policy,
    result,
  }: { url: URL; number: number; uploaded: boolean; policy: RetryPolicy; result: Outcome },
): DeployResult {
  const via = error.proxy ? ` through the proxy ${error.proxy}` : '';
  const attempt = number > 1 ? ` (in attempt ${number})` : '';
  return result(
    'failed',
    `The deploy to ${url.host}${via} did not finish within ${Math.round(policy.maxTotalMs / 1000)} s, the limit ` +
      `for the whole deploy: ${error.message}${attempt}.`,
    `${url.host} is too slow or holds the connection open without answering: check api-url, then run the job ` +
      'again later.' +
      (uploaded
        ? ' The component was sent, so it may be deployed: a later deploy says whether the name is taken.'
        : ''),
  );
}

type Outcome = (outcome: DeployResult['outcome'], message: string, hint?: string, viewId?: string) => DeployResult;

interface Refusal {
  attempts: Attempt[];
  settings: DeploySettings;
  viewName: string;
  digests: Digests;
  result: Outcome;
}

function refused(response: HttpResponse, refusal: Refusal): DeployResult {
  const { settings, result } = refusal;
  const detail = describeBody(response.body, settings.apiToken);
  switch (response.status) {
    case 400:
      return result(
        'failed',
        `Primatomic refused the upload as invalid (400: ${detail}).`,
        "The view passed primatomic-view's validation; report the message to Primatomic with the view's sha256 from " +
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
    case 409:
      return taken(refusal);
    case 413:
      return result(
        'failed',
        `Primatomic refused the view as too large (413: ${detail}); its limit is ` +
          `${formatSize(PRIMATOMIC_LIMIT_BYTES)}.`,
        'Shrink the view: release build, strip debug information, fewer dependencies.',
      );
    default: {
      if (response.status >= 300 && response.status < 400) {
        const location = headerOf(response, 'location');
        // The API's address is what comes before the view's path (/logs/…) in the new location.
        const newApi = location?.replace(/\/logs\/.*$/, '');
        return result(
          'failed',
          `The API answered with a redirect (${response.status}${location ? ` to ${location}` : ''}), which is ` +
            `not followed so that the token only goes to api-url's host.`,
          newApi ? `If that address is right, set api-url to ${newApi}.` : 'Check api-url.',
        );
      }
      return result(
        'failed',
        `Primatomic refused the deploy (${response.status}: ${detail}).`,
        `This status is not retried. Check api-url: it must be Primatomic's API, and a ${response.status} often ` +
          "comes from a proxy or another server. If it is right, report the message to Primatomic with the view's " +
          'sha256 from the job summary.',
      );
    }
  }
}

/** A host that does not resolve: a typo in an api-url that was set, or a runner without DNS for Primatomic's own. */
export function unresolvedHint(apiUrl: URL): string {
  if (apiUrl.href === new URL(PRIMATOMIC_API).href) {
    return (
      `api-url is Primatomic's own (${PRIMATOMIC_API}): this runner cannot resolve its host. Check the runner's DNS ` +
      'and network (self-hosted and air-gapped runners need a way out to it, directly or through https_proxy).'
    );
  }
  return `Check api-url (${apiUrl.href}) for a typo: Primatomic's API is ${PRIMATOMIC_API}.`;
}

/** 409: the name is taken. A name that carries the sha256 (or the sources') is taken by this very view. */
function taken({ attempts, settings, viewName, digests, result }: Refusal): DeployResult {
  const where = `${viewName} in log ${settings.logId}`;
  if (isContentAddressed(settings.viewName, digests)) {
    const message = patternFor(settings.viewName, digests).includes('{sha}')
      ? `This exact component is already deployed as ${where}: the name carries its sha256`
      : `A view built from these exact sources is already deployed as ${where}: the name carries their sha256`;
    return result('already-deployed', `${message}, so nothing was uploaded again.`);
  }
  const transit = attempts.slice(0, -1).some((attempt) => attempt.error !== undefined || (attempt.status ?? 0) >= 500)
    ? ' An earlier attempt failed in transit, so it may have deployed this very view before the connection broke.'
    : '';
  if (settings.ifExists === 'skip') {
    return result(
      'skipped',
      `A view named ${where} already exists; nothing was deployed (if-exists: skip). The API cannot tell whether ` +
        `it is this component: a fixed view-name deploys once.${transit}`,
    );
  }
  return result(
    'failed',
    `A view named ${where} already exists (409): view names are unique per log and Primatomic has no update, so a ` +
      `fixed view-name deploys once.${transit}`,
    'Leave view-name empty (each component then deploys under its project name and sha256), put {sha} in it ' +
      '(counter-{sha}), or set if-exists: skip.',
  );
}
