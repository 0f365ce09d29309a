import { redact } from '../kernel/untrusted.ts';
import type { HttpResponse } from '../net/http.ts';
import type { ViewName } from './view-name.ts';
/** Primatomic's API as the deploy stage speaks it: where to send, with what token, and how to read answers. */

/** Primatomic's API: the default of api-url. */
export const PRIMATOMIC_API = 'https://api.primatomic.com';

/** The deploy inputs, checked before anything is uploaded. */
export interface DeploySettings {
  apiUrl: URL;
  apiToken: string;
  logId: string;
  /** The name pattern; the name itself comes with the component's sha256 (see view-name.ts). */
  viewName: ViewName;
  ifExists: 'fail' | 'skip';
  verify: { query: Uint8Array; expect: Uint8Array | undefined; timeoutMs: number } | undefined;
}

/** `{api-url}/logs/{log-id}/views/{view-name}{suffix}`. */
export function viewUrlOf(settings: Pick<DeploySettings, 'apiUrl' | 'logId'>, viewName: string, suffix = ''): URL {
  const base = settings.apiUrl.href.replace(/\/+$/, '');
  const view = `/logs/${encodeURIComponent(settings.logId)}/views/${encodeURIComponent(viewName)}`;
  return new URL(`${base}${view}${suffix}`);
}

/** The headers of every request to the API: the token (only in this header), bytes in, and who asks. */
export function apiHeaders(settings: Pick<DeploySettings, 'apiToken'>, userAgent: string): Record<string, string> {
  return {
    Authorization: `Bearer ${settings.apiToken}`,
    'Content-Type': 'application/octet-stream',
    'User-Agent': userAgent,
  };
}

export function headerOf(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The most of a server's message that is quoted. */
const QUOTED = 200;

/**
 * The server's `{"error": ..., "code": ...}`, or the start of its text, without the token: servers sometimes echo
 * what they were sent, and the token is removed before the text is cut, so that no piece of it is left.
 */
export function describeBody(body: Buffer, token: string): string {
  const json = parseJson(body);
  if (json && typeof json.error === 'string') {
    const code = typeof json.code === 'string' ? `, code ${redact(json.code, token)}` : '';
    return `"${cut(redact(json.error, token))}"${code}`;
  }
  const text = redact(body.toString('utf8'), token).replace(/\s+/g, ' ').trim();
  return text ? `"${cut(text)}"` : 'no message';
}

function cut(text: string): string {
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
}
