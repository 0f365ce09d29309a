/**
 * One HTTP request with the token in a header and the body streamed from a file: redirects are never followed
 * (the token must only reach api-url's host), and the response body is read up to a small limit.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type RequestBody = { file: string; size: number } | Uint8Array;

/** A request that got no HTTP answer: refused, reset, timed out. */
export class TransportError extends Error {
  readonly code: string;
  /** Whether any of the body had been sent: a reset after that may have reached the server. */
  readonly sentBody: boolean;
  constructor(message: string, code: string, sentBody: boolean) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.sentBody = sentBody;
  }
}

const RESPONSE_LIMIT = 1 << 20;

export function send(
  url: URL,
  options: { method: string; headers: Record<string, string>; body?: RequestBody; timeoutMs: number },
): Promise<HttpResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.body)
    headers['Content-Length'] = options.body instanceof Uint8Array ? options.body.length : options.body.size;

  return new Promise<HttpResponse>((resolve, reject) => {
    let sentBody = false;
    const fail = (error: NodeJS.ErrnoException) => {
      reject(
        error instanceof TransportError ? error : new TransportError(error.message, error.code ?? 'ERROR', sentBody),
      );
    };
    const request = client.request(url, { method: options.method, headers, timeout: options.timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        if (length < RESPONSE_LIMIT) chunks.push(chunk);
        length += chunk.length;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT),
        }),
      );
      response.on('error', fail);
    });
    request.on('timeout', () =>
      request.destroy(new TransportError(`no answer within ${options.timeoutMs / 1000} s`, 'ETIMEDOUT', sentBody)),
    );
    request.on('error', fail);
    if (!options.body) {
      request.end();
    } else if (options.body instanceof Uint8Array) {
      sentBody = true;
      request.end(options.body);
    } else {
      const stream = createReadStream(options.body.file);
      stream.once('data', () => (sentBody = true));
      stream.on('error', (error) => request.destroy(error));
      stream.pipe(request);
    }
  });
}
