/**
 * A local Primatomic: a loopback HTTP server speaking the API as Primatomic documents it (primatomic.com/docs) —
 * logs, append with Idempotency-Key and Expected-Sequence, deploy (bearer auth, 100 MB limit, unique names,
 * validation of the upload), and queries with ?after= that really run the deployed view (through the conformance
 * runtime). Tests inject faults (statuses, Retry-After, resets, delays) and read back every request it received.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadView, type Machine } from '../src/conformance/view-runtime.ts';
import { PRIMATOMIC_LIMIT_BYTES } from '../src/kernel/size.ts';
import { validateView } from '../src/validate/validate.ts';
import { DEFAULT_VALIDATOR } from '../src/validate/validator.ts';

export const MAX_VIEW_BYTES = PRIMATOMIC_LIMIT_BYTES;
export const MAX_EVENT_BYTES = 1_000_000;

export type Route = 'create-log' | 'get-log' | 'append' | 'deploy' | 'query';

/** What the next matching request gets instead of (or after) the normal handling. */
export interface Fault {
  route: Route;
  /** Answer with this status (and an error body, or `body`) instead of handling the request. */
  status?: number;
  body?: string;
  retryAfter?: string;
  /** The Location header of a redirect. */
  location?: string;
  /** `before`: drop the connection without handling; `after`: handle the request, then drop the connection. */
  reset?: 'before' | 'after';
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * `silent`: accept the request and never answer; `trickle`: send a 200's headers, then one byte every
   * `trickleMs` (1 s unless given), forever. Both last until the client gives up.
   */
  stall?: 'silent' | 'trickle';
  trickleMs?: number;
}

export interface ReceivedRequest {
  route: Route | 'unknown';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
  bodySha256: string;
}

interface View {
  id: string;
  machine: Machine;
  sha256: string;
}

interface Log {
  id: string;
  name: string;
  events: Uint8Array[];
  idempotency: Map<string, number>;
  views: Map<string, View>;
}

export interface EmulatorOptions {
  tokens?: string[];
  /** Answer deploys with `{"success": true}` only, as the older API page documents. */
  legacyDeployResponse?: boolean;
  /** How long `?after=` waits for the sequence before answering 504. */
  afterTimeoutMs?: number;
  port?: number;
  /** Called with every request as it arrives (the emulator's script logs them). */
  onRequest?: (request: ReceivedRequest) => void;
}

export class Emulator {
  readonly tokens: Set<string>;
  readonly faults: Fault[] = [];
  readonly requests: ReceivedRequest[] = [];
  readonly logs = new Map<string, Log>();
  private readonly server: http.Server;
  private readonly options: EmulatorOptions;

  private constructor(options: EmulatorOptions) {
    this.options = options;
    this.tokens = new Set(options.tokens ?? ['emulator-token']);
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent)
          json(response, 500, { error: `Server error: ${(error as Error).message}`, code: 'internal' });
      });
    });
    // Expect: 100-continue, as HTTP servers answer it: a request refused anyway is refused before its body.
    this.server.on('checkContinue', (request, response) => {
      if (this.refusedBeforeBody(request, response)) return;
      response.writeContinue();
      this.server.emit('request', request, response);
    });
  }

  /** Answers a deploy that cannot succeed (bad token, no log, name taken) without reading its body. */
  private refusedBeforeBody(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const [route, params] = routeOf(request.method ?? '', url.pathname);
    if (route !== 'deploy' || this.faults.some((fault) => fault.route === route)) return false;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const log = this.logs.get(params[0]!);
    const refusal: [number, object] | undefined =
      !token || !this.tokens.has(token)
        ? [401, { error: 'Unauthorized', code: 'unauthorized' }]
        : !log
          ? [404, { error: 'Log not found', code: 'not_found' }]
          : log.views.has(params[1]!)
            ? [409, { error: 'View names must be unique within the log', code: 'conflict' }]
            : undefined;
    if (!refusal) return false;
    this.record({
      route,
      method: request.method ?? '',
      path: url.pathname + url.search,
      headers: request.headers,
      bodyBytes: 0,
      bodySha256: '',
    });
    json(response, refusal[0], refusal[1]);
    response.on('finish', () => request.socket.destroy());
    return true;
  }

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = new Emulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return emulator;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  createLog(name: string): string {
    const id = randomUUID();
    this.logs.set(id, { id, name, events: [], idempotency: new Map(), views: new Map() });
    return id;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const [route, params] = routeOf(request.method ?? '', url.pathname);
    const fault = route === 'unknown' ? undefined : this.takeFault(route);
    const body = await readBody(
      request,
      route === 'deploy' ? MAX_VIEW_BYTES : route === 'append' ? MAX_EVENT_BYTES : 1_000_000,
    );
    this.record({
      route,
      method: request.method ?? '',
      path: url.pathname + url.search,
      headers: request.headers,
      bodyBytes: body.received,
      bodySha256: body.sha256,
    });
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.reset === 'before') return void request.socket.destroy();
    if (fault?.stall === 'silent') return;
    if (fault?.stall === 'trickle') return trickle(response, fault.trickleMs ?? 1000);
    if (fault?.status) {
      if (fault.retryAfter) response.setHeader('Retry-After', fault.retryAfter);
      if (fault.location) response.setHeader('Location', fault.location);
      if (fault.body !== undefined)
        return void response.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(fault.body);
      return json(
        response,
        fault.status,
        fault.status === 429 ? undefined : { error: http.STATUS_CODES[fault.status] ?? 'Error', code: null },
      );
    }
    if (route === 'unknown') return json(response, 404, { error: 'Not found', code: 'not_found' });

    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) return json(response, 401, { error: 'Unauthorized', code: 'unauthorized' });
    if (body.tooLarge) return json(response, 413, { error: 'Payload too large', code: 'payload_too_large' });

    if (fault?.reset === 'after') {
      // Handle the request fully, then drop the connection before the answer: the client cannot know it worked.
      await this.answer(route, params, url, request, discardingResponse(), body.bytes);
      return void request.socket.destroy();
    }
    await this.answer(route, params, url, request, response, body.bytes);
  }

  private record(request: ReceivedRequest): void {
    this.requests.push(request);
    this.options.onRequest?.(request);
  }

  private takeFault(route: Route): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.route === route);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private async answer(
    route: Route,
    params: string[],
    url: URL,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    bytes: Buffer,
  ): Promise<void> {
    if (route === 'create-log') {
      let name: unknown;
      try {
        name = (JSON.parse(bytes.toString('utf8')) as { name?: unknown }).name;
      } catch {
        name = undefined;
      }
      if (typeof name !== 'string' || !name)
        return json(response, 400, {
          error: 'Invalid request: a JSON {"name": "..."} is required',
          code: 'invalid_request',
        });
      if ([...this.logs.values()].some((log) => log.name === name))
        return json(response, 409, { error: 'Log already exists', code: 'conflict' });
      return json(response, 200, { success: true, log_id: this.createLog(name) });
    }
    const log = this.logs.get(params[0]!);
    if (!log) return json(response, 404, { error: 'Log not found', code: 'not_found' });
    switch (route) {
      case 'get-log':
        return json(response, 200, { log_id: log.id, log_name: log.name, tenant_id: 'emulator' });
      case 'append':
        return this.append(log, request, response, bytes);
      case 'deploy':
        return this.deploy(log, params[1]!, response, bytes);
      case 'query':
        return this.query(log, params[1]!, url, response, bytes);
    }
  }

  private append(log: Log, request: http.IncomingMessage, response: http.ServerResponse, bytes: Buffer): void {
    const key = request.headers['idempotency-key'];
    if (typeof key === 'string' && log.idempotency.has(key)) {
      json(response, 200, { success: true, sequence: log.idempotency.get(key) });
      return;
    }
    const expected = request.headers['expected-sequence'];
    if (typeof expected === 'string' && Number(expected) !== log.events.length) {
      json(response, 409, {
        error: `Expected sequence ${expected}, but the log is at ${log.events.length}`,
        code: 'sequence_mismatch',
      });
      return;
    }
    const event = new Uint8Array(bytes);
    log.events.push(event);
    const sequence = log.events.length;
    if (typeof key === 'string') log.idempotency.set(key, sequence);
    for (const view of log.views.values()) view.machine.append(event);
    json(response, 200, { success: true, sequence });
  }

  private async deploy(log: Log, name: string, response: http.ServerResponse, bytes: Buffer): Promise<void> {
    if (log.views.has(name))
      return json(response, 409, { error: 'View names must be unique within the log', code: 'conflict' });
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-view-'));
    try {
      const file = path.join(dir, 'view.wasm');
      writeFileSync(file, bytes);
      const report = await validateView({
        componentPath: file,
        settings: { maxSizeBytes: MAX_VIEW_BYTES, allowImports: [], validator: DEFAULT_VALIDATOR },
      });
      const error = report.findings.find((finding) => finding.severity === 'error');
      if (error) return json(response, 400, { error: `Invalid request: ${error.message}`, code: 'invalid_request' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { machine } = await (await loadView(bytes)).instantiate();
    machine.init();
    for (const event of log.events) machine.append(event);
    const id = randomUUID();
    log.views.set(name, { id, machine, sha256: createHash('sha256').update(bytes).digest('hex') });
    json(response, 200, this.options.legacyDeployResponse ? { success: true } : { success: true, view_id: id });
  }

  private async query(log: Log, name: string, url: URL, response: http.ServerResponse, bytes: Buffer): Promise<void> {
    const view = log.views.get(name);
    if (!view) return json(response, 404, { error: 'View not found', code: 'not_found' });
    const after = url.searchParams.get('after');
    if (after !== null) {
      const deadline = performance.now() + (this.options.afterTimeoutMs ?? 5000);
      while (log.events.length < Number(after)) {
        if (performance.now() > deadline)
          return json(response, 504, { error: 'Gateway timeout: the view is catching up', code: 'timeout' });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    response
      .writeHead(200, { 'Content-Type': 'application/octet-stream' })
      .end(view.machine.query(new Uint8Array(bytes)));
  }
}

function routeOf(method: string, pathname: string): [Route | 'unknown', string[]] {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'logs') return ['unknown', []];
  if (method === 'POST' && parts.length === 1) return ['create-log', []];
  if (method === 'GET' && parts.length === 2) return ['get-log', [parts[1]!]];
  if (method === 'POST' && parts.length === 3 && parts[2] === 'append') return ['append', [parts[1]!]];
  if (method === 'POST' && parts.length === 4 && parts[2] === 'views') return ['deploy', [parts[1]!, parts[3]!]];
  if (method === 'POST' && parts.length === 5 && parts[2] === 'views' && parts[4] === 'query')
    return ['query', [parts[1]!, parts[3]!]];
  return ['unknown', []];
}

/** Reads the whole body, hashing it; past `limit` bytes it keeps counting but stops keeping. */
async function readBody(
  request: http.IncomingMessage,
  limit: number,
): Promise<{ bytes: Buffer; received: number; sha256: string; tooLarge: boolean }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      hash.update(chunk);
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
    }
  } catch {
    // The client went away; what arrived is recorded.
  }
  return { bytes: Buffer.concat(chunks), received, sha256: hash.digest('hex'), tooLarge: received > limit };
}

function discardingResponse(): http.ServerResponse {
  const sink = { headersSent: false, setHeader: () => sink, writeHead: () => sink, end: () => sink };
  return sink as unknown as http.ServerResponse;
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  if (status === 429 && body === undefined) {
    response.writeHead(429, { 'Content-Type': 'text/plain' }).end('Rate limit exceeded');
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** A 200 whose body never ends: one space at a time, which resets a client's idle timeout every time. */
function trickle(response: http.ServerResponse, intervalMs: number): void {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.write('{');
  const timer = setInterval(() => response.write(' '), intervalMs);
  response.on('close', () => clearInterval(timer));
}
