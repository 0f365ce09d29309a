/**
 * Downloads a file (a tool's release archive): redirects followed (GitHub serves release assets from another host),
 * through the proxy the URL goes through, hashed while it streams to disk, retried when the server or the
 * connection failed for a moment, and stopped at a deadline, retries included. A host that does not resolve is not
 * retried: no retry can mend it (a GHES or air-gapped runner without github.com).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProxyRefusal, proxyFor, tunnelAgent } from './proxy.ts';

export class DownloadError extends Error {
  /** `HTTP` for an answer other than 200 (see status), else the transport's code (ENOTFOUND, EDEADLINE, …). */
  readonly code: string;
  readonly status: number | undefined;
  constructor(message: string, code: string, status?: number) {
    super(message);
    this.name = 'DownloadError';
    this.code = code;
    this.status = status;
  }
}

export interface DownloadOptions {
  /** The most the whole download may take, retries included. */
  deadlineMs: number;
  attempts?: number;
  userAgent?: string;
}

const REDIRECTS = 10;
/** Failures a second attempt may not meet: an answer of the server's, or the connection breaking. */
const RETRIED_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ESOCKETTIMEDOUT']);

/** Downloads the URL into the file; returns its sha256 and size. */
export async function download(
  url: URL,
  file: string,
  options: DownloadOptions,
): Promise<{ sha256: string; bytes: number }> {
  const giveUpAt = Date.now() + options.deadlineMs;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchTo(url, file, giveUpAt, options.userAgent);
    } catch (error) {
      const failure = error as DownloadError;
      const retried =
        failure.code === 'HTTP'
          ? (failure.status ?? 0) >= 500 || failure.status === 429
          : RETRIED_CODES.has(failure.code);
      const wait = 1000 * 2 ** (attempt - 1);
      if (!retried || attempt >= attempts || Date.now() + wait >= giveUpAt) throw error;
      await sleep(wait);
    }
  }
}

function fetchTo(
  start: URL,
  file: string,
  giveUpAt: number,
  userAgent = 'primatomic-view',
): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    const fail = (error: DownloadError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      current?.destroy();
      reject(error);
    };
    const seconds = Math.round((giveUpAt - Date.now()) / 1000);
    const deadline = setTimeout(
      () => fail(new DownloadError(`it did not finish within ${seconds} s`, 'EDEADLINE')),
      Math.max(0, giveUpAt - Date.now()),
    );
    const get = (url: URL, redirects: number) => {
      const proxy = proxyFor(url);
      const client = url.protocol === 'https:' ? https : http;
      const agent = proxy ? tunnelAgent(proxy, url) : undefined;
      current = client.get(url, { headers: { 'User-Agent': userAgent }, ...(agent && { agent }) }, (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          if (redirects >= REDIRECTS) return fail(new DownloadError(`more than ${REDIRECTS} redirects`, 'EREDIRECT'));
          return get(new URL(response.headers.location, url), redirects + 1);
        }
        if (status !== 200) {
          response.resume();
          return fail(new DownloadError(`${url.host} answered ${status}`, 'HTTP', status));
        }
        const hash = createHash('sha256');
        let bytes = 0;
        const out = createWriteStream(file);
        response.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          bytes += chunk.length;
        });
        response.on('error', (error: NodeJS.ErrnoException) => fail(transport(error)));
        out.on('error', (error: NodeJS.ErrnoException) =>
          fail(new DownloadError(error.message, error.code ?? 'EWRITE')),
        );
        out.on('finish', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve({ sha256: hash.digest('hex'), bytes });
        });
        response.pipe(out);
      });
      current.on('error', (error: NodeJS.ErrnoException) => fail(transport(error)));
    };
    get(start, 0);
  });
}

function transport(error: NodeJS.ErrnoException): DownloadError {
  if (error instanceof DownloadError) return error;
  if (error instanceof ProxyRefusal) return new DownloadError(error.message, 'EPROXY', error.status);
  return new DownloadError(error.message, error.code ?? 'ERROR');
}
