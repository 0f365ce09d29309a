import { InputError } from '../kernel/errors.ts';
import { FileRefused, readRepositoryFile } from '../kernel/repository-files.ts';
import { formatSize } from '../kernel/size.ts';

/** One sample event: the bytes of one line of the events file, and where it came from. */
export interface TestEvent {
  bytes: Uint8Array;
  /** 1-based line in the events file. */
  line: number;
}

export interface TestQuery {
  input: Uint8Array;
  /** The exact bytes the query must return, when the file says. */
  expect?: Uint8Array;
  line: number;
}

/**
 * One event per line: the line's bytes without the line ending (`\n` or `\r\n`). Blank lines are skipped, so
 * NDJSON with blank separators or a final newline reads as expected; an event can therefore not be empty. A JSON
 * array, a pretty-printed JSON value or lines ending in commas are refused: each would be read as events of its
 * lines' fragments.
 */
export function readEvents(file: string, note: Notes = IGNORED, boundary?: string): TestEvent[] {
  const bytes = withoutByteOrderMark(readSampleFile('test-events', file, boundary), file, note);
  const events = splitLines(bytes);
  const large = events.find((event) => event.bytes.length > EVENT_LIMIT);
  if (large) {
    throw new InputError(
      'test-events',
      `line ${large.line} of "${file}" is ${formatSize(large.bytes.length)}: Primatomic appends events of at most ` +
        `${formatSize(EVENT_LIMIT)}, so a view never sees a larger one. Make it smaller, or split it into events.`,
      { file, line: large.line },
    );
  }
  refuseJsonLayouts(file, bytes, events);
  for (const event of events) {
    if (!/^[ \t\r\f\v]+$/.test(Buffer.from(event.bytes).toString('latin1'))) continue;
    note.warning(
      `has only whitespace on line ${event.line} of "${file}" (${event.bytes.length} bytes), which is sent as an ` +
        'event of those bytes; an empty line is skipped. Delete the whitespace unless it is meant as an event.',
    );
  }
  return events;
}

/** Where reading a sample file tells what it noticed: a notice for what it mended, a warning for what is odd. */
export interface Notes {
  notice(message: string): void;
  warning(message: string): void;
}

const IGNORED: Notes = { notice: () => {}, warning: () => {} };

/** Editors on Windows start UTF-8 files with EF BB BF: not part of the first event or query. */
function withoutByteOrderMark(bytes: Buffer, file: string, note: Notes): Buffer {
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) return bytes;
  note.notice(`("${file}") starts with a UTF-8 byte order mark (EF BB BF), which was left out of its first line.`);
  return bytes.subarray(3);
}

function splitLines(bytes: Buffer): TestEvent[] {
  const events: TestEvent[] = [];
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    if (stop > start) events.push({ bytes: bytes.subarray(start, stop), line });
    start = end + 1;
    line++;
  }
  return events;
}

const ONE_PER_LINE = 'The conformance test reads one event per line (NDJSON): write each event on a line of its own.';

function refuseJsonLayouts(file: string, bytes: Buffer, events: TestEvent[]): void {
  const text = (event: TestEvent) => Buffer.from(event.bytes).toString('utf8').trim();
  const first = events[0];
  if (first && text(first).startsWith('[')) {
    let array = false;
    try {
      array = Array.isArray(JSON.parse(bytes.toString('utf8')));
    } catch {
      array = text(first) === '[';
    }
    if (array) {
      const message = `"${file}" holds a JSON array, not one event per line. ${ONE_PER_LINE} No [ ] and no commas.`;
      throw new InputError('test-events', message, { file, line: first.line });
    }
  }
  for (const event of events) {
    const line = text(event);
    if (line === '{' || line === '[') {
      const where = `line ${event.line} of "${file}" is "${line}"`;
      const message = `${where}: a pretty-printed JSON value spans lines. ${ONE_PER_LINE}`;
      throw new InputError('test-events', message, { file, line: event.line });
    }
    if (line.endsWith(',') && isJson(line.slice(0, -1))) {
      const where = `line ${event.line} of "${file}"`;
      const message = `${where} ends with a comma after its JSON value. ${ONE_PER_LINE} No commas.`;
      throw new InputError('test-events', message, { file, line: event.line });
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One JSON object per line: `{"input": "text"}` or `{"input_base64": "..."}`, optionally `expect` / `expect_base64`.
 */
export function readQueries(file: string, note: Notes = IGNORED, boundary?: string): TestQuery[] {
  const text = withoutByteOrderMark(readSampleFile('test-queries', file, boundary), file, note).toString('utf8');
  const queries: TestQuery[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fail = (message: string): never => {
      throw new InputError(
        'test-queries',
        `${file}:${line}: ${message}. Each line is {"input": "text"} or {"input_base64": "..."}, optionally with ` +
          `"expect" or "expect_base64".`,
        { file, line },
      );
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      fail(`not JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('not a JSON object');
    const entry = parsed as Record<string, unknown>;
    const unknown = Object.keys(entry).filter(
      (key) => !['input', 'input_base64', 'expect', 'expect_base64'].includes(key),
    );
    if (unknown.length > 0)
      fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
    const input = bytesField(entry, 'input', fail);
    if (input === undefined) fail('no "input" or "input_base64"');
    const expect = bytesField(entry, 'expect', fail);
    queries.push({ input: input!, ...(expect && { expect }), line });
  });
  return queries;
}

/** Reads `name` (text, as UTF-8) or `name_base64`; at most one of them. */
function bytesField(
  entry: Record<string, unknown>,
  name: string,
  fail: (message: string) => never,
): Uint8Array | undefined {
  const text = entry[name];
  const base64 = entry[`${name}_base64`];
  if (text !== undefined && base64 !== undefined) fail(`both "${name}" and "${name}_base64"`);
  if (text !== undefined) {
    if (typeof text !== 'string') fail(`"${name}" must be a string`);
    return new TextEncoder().encode(text as string);
  }
  if (base64 !== undefined) {
    if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0)
      fail(`"${name}_base64" is not base64`);
    return new Uint8Array(Buffer.from(base64 as string, 'base64'));
  }
  return undefined;
}

/** Primatomic's limit on one appended event (`POST /logs/{id}/append` takes at most 1 MB). */
export const EVENT_LIMIT = 1_000_000;
/** The most a sample file may be: samples for a test run, not a log's worth of events. */
export const SAMPLE_FILE_LIMIT = 64_000_000;

/** A sample file, when it is a regular file of the repository within SAMPLE_FILE_LIMIT; else an input error. */
function readSampleFile(input: string, file: string, boundary: string | undefined): Buffer {
  try {
    return readRepositoryFile(file, { maxBytes: SAMPLE_FILE_LIMIT, what: 'a sample file', boundary });
  } catch (error) {
    if (error instanceof FileRefused) throw new InputError(input, error.message);
    throw new InputError(input, `"${file}" cannot be read: ${(error as Error).message}`);
  }
}
