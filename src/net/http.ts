/**
 * One HTTP request with the token in a header and the body sent at once or, for an upload, in pieces after the
 * server's 100 Continue: redirects are never followed (the token must only reach api-url's host), and the response
 * body is read up to a small limit. Through a proxy (see proxy.ts) the request goes in a CONNECT tunnel.
 */
import http from 'node:http';
import https from 'node:https';
import { describeProxy, ProxyRefusal, proxyFor, tunnelAgent } from './proxy.ts';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Whether the request's body began to go out (a server may answer before it, as to a taken name). */
  sentBody: boolean;
}

/**
 * A body sent at once (a query), or an upload: sent after the server's `100 Continue` (or CONTINUE_WAIT_MS), in
 * pieces, so that a refusal (a taken name, a bad token) comes before the bytes go out. An upload is the bytes
 * themselves, never a path: what goes out is exactly what was hashed and validated.
 */
export type RequestBody = Uint8Array | { upload: Uint8Array };

/** A request that got no HTTP answer: refused, reset, timed out. */
export class TransportError extends Error {
  readonly code: string;
  /** Whether any of the body had been sent: a reset after that may have reached the server. */
  readonly sentBody: boolean;
  /** The proxy the request went through, when one did (a failure may be the proxy's), without credentials. */
  readonly proxy: string | undefined;
  /** The status the proxy refused the tunnel with (code EPROXY). */
  readonly proxyStatus: number | undefined;
  constructor(message: string, code: string, sentBody: boolean, proxy?: string, proxyStatus?: number) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.sentBody = sentBody;
    this.proxy = proxy;
    this.proxyStatus = proxyStatus;
  }
}

const RESPONSE_LIMIT = 1 << 20;

/**
 * How long to wait for the server's `100 Continue` before sending a file body anyway (as curl does): a server that
 * refuses the request (a taken name, a bad token) answers first, and the file is never sent.
 */
const CONTINUE_WAIT_MS = 1000;

export interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: RequestBody;
  timeoutMs: number;
  /**
   * The most the whole request may take, answer included: a server that trickles its answer resets the idle
   * timeout with every byte, never this.
   */
  deadlineMs: number;
}

/** An upload goes out in pieces of this size, each a view of the bytes (nothing is copied). */
const UPLOAD_PIECE = 1 << 18;

/** Sends the upload piece by piece, each handed to the socket before the next: memory stays flat. */
async function sendUpload(bytes: Uint8Array, request: http.ClientRequest, onFirstBytes: () => void): Promise<void> {
  for (let position = 0; position < bytes.length && !request.destroyed; position += UPLOAD_PIECE) {
    if (position === 0) onFirstBytes();
    await written(request, bytes.subarray(position, position + UPLOAD_PIECE));
  }
  if (!request.destroyed) request.end();
}

/** Resolves when the piece is handed to the socket (its buffer free again), or the request is gone. */
function written(request: http.ClientRequest, piece: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = () => resolve();
    request.once('close', closed);
    request.write(piece, (error) => {
      request.off('close', closed);
      if (error && !request.destroyed) reject(error);
      else resolve();
    });
  });
}

export function send(url: URL, options: SendOptions): Promise<HttpResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string | number> = { ...options.headers };
  const upload = options.body && !(options.body instanceof Uint8Array) ? options.body.upload : undefined;
  if (options.body) {
    headers['Content-Length'] = options.body instanceof Uint8Array ? options.body.length : options.body.upload.length;
  }
  if (upload) headers.Expect = '100-continue';

  return new Promise<HttpResponse>((resolve, reject) => {
    let sentBody = false;
    let answered = false;
    let connected = false;
    let received = 0;
    let status = 0;
    const bodySent = () => {
      sentBody = true;
    };
    const proxyUrl = proxyFor(url);
    const proxy = proxyUrl && describeProxy(proxyUrl);
    let expired: TransportError | undefined;
    const fail = (error: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      if (expired) return reject(expired);
      if (error instanceof TransportError) return reject(error);
      if (error instanceof ProxyRefusal) {
        return reject(new TransportError(error.message, 'EPROXY', sentBody, proxy, error.status));
      }
      reject(new TransportError(error.message, error.code ?? 'ERROR', sentBody, proxy));
    };
    const agent = proxyUrl ? tunnelAgent(proxyUrl, url) : undefined;
    const requestOptions = { method: options.method, headers, timeout: options.timeoutMs, agent };
    const request = client.request(url, requestOptions, (response) => {
      answered = true;
      status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (received < RESPONSE_LIMIT) chunks.push(chunk);
        received += chunk.length;
      });
      response.on('end', () => {
        clearTimeout(deadline);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT),
          sentBody,
        });
        // Answered before the whole body went out (a refusal after Expect: 100-continue): this connection is done.
        if (!request.writableFinished) request.destroy();
      });
      response.on('error', fail);
    });
    request.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    // What the server had done when time ran out says what was slow: connecting, answering, or sending the answer.
    const deadline = setTimeout(() => {
      const seconds = Math.round(options.deadlineMs / 1000);
      const state = answered
        ? `the server began its answer (HTTP ${status}) but sent only ${received} bytes of it in ${seconds} s`
        : connected
          ? `the server accepted the connection but did not answer within ${seconds} s`
          : `no connection to ${url.host} within ${seconds} s`;
      expired = new TransportError(state, 'EDEADLINE', sentBody, proxy);
      request.destroy(expired);
    }, options.deadlineMs);
    request.on('timeout', () =>
      request.destroy(
        new TransportError(`no answer within ${options.timeoutMs / 1000} s`, 'ETIMEDOUT', sentBody, proxy),
      ),
    );
    request.on('error', fail);
    if (!options.body) {
      request.end();
    } else if (upload) {
      let streaming = false;
      const stream = () => {
        if (streaming || answered) return;
        streaming = true;
        clearTimeout(wait);
        sendUpload(upload, request, bodySent).catch((error: Error) => request.destroy(error));
      };
      const wait = setTimeout(stream, CONTINUE_WAIT_MS);
      request.on('continue', stream);
      request.on('close', () => clearTimeout(wait));
      request.flushHeaders();
    } else {
      bodySent();
      request.end(options.body);
    }
  });
}
