import type { HttpResponse } from './http.ts';
import type { ViewName } from './view-name.ts';
/** Primatomic's API as the deploy stage speaks it: where to send, with what token, and how to read answers. */

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

/** The server's `{"error": ..., "code": ...}`, or the start of its text. */
export function describeBody(body: Buffer): string {
  const json = parseJson(body);
  if (json && typeof json.error === 'string')
    return `"${json.error}"${typeof json.code === 'string' ? `, code ${json.code}` : ''}`;
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text ? `"${text.length > 200 ? `${text.slice(0, 200)}…` : text}"` : 'no message';
}

/** Servers sometimes echo what they were sent; the token must not reach the log through them. */
export function redact(text: string, token: string): string {
  return token ? text.split(token).join('***') : text;
}
