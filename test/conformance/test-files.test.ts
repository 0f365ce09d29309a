import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEvents, readQueries } from '../../src/conformance/test-files.ts';
import { InputError } from '../../src/kernel/errors.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the events file', () => {
  it('gives one event per line, without \\n or \\r\\n, skipping blank lines and keeping line numbers', () => {
    const file = writeIn(tempDir(), 'events.ndjson', '{"inc":1}\r\n\n{"inc":2}\n  x \n{"dec":5}');
    assert.deepEqual(
      readEvents(file).map((event) => [decode(event.bytes), event.line]),
      [
        ['{"inc":1}', 1],
        ['{"inc":2}', 3],
        ['  x ', 4],
        ['{"dec":5}', 5],
      ],
    );
  });

  it('keeps bytes that are not UTF-8 as they are', () => {
    const file = writeIn(tempDir(), 'events.bin', new Uint8Array([0xff, 0x00, 0x0a, 0x80]));
    assert.deepEqual(
      readEvents(file).map((event) => [...event.bytes]),
      [[0xff, 0x00], [0x80]],
    );
  });

  it('names the input when the file is missing', () => {
    assert.throws(
      () => readEvents('/nonexistent/events'),
      (error) => error instanceof InputError && error.input === 'test-events' && /does not exist/.test(error.message),
    );
  });
});

describe('the queries file', () => {
  it('reads text and base64 inputs and expectations', () => {
    const file = writeIn(
      tempDir(),
      'queries.jsonl',
      '{"input": "total"}\n\n{"input_base64": "AAE=", "expect_base64": "/w=="}\n{"input": "", "expect": "{}"}\n',
    );
    assert.deepEqual(
      readQueries(file).map((query) => [decode(query.input), query.expect && [...query.expect], query.line]),
      [
        ['total', undefined, 1],
        ['\u0000\u0001', [0xff], 3],
        ['', [...new TextEncoder().encode('{}')], 4],
      ],
    );
  });

  it('names the file and line of every kind of mistake', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"input": "a"', /:1: not JSON/],
      ['["a"]', /:1: not a JSON object/],
      ['{"query": "a"}', /:1: unknown field "query"/],
      ['{"expect": "a"}', /:1: no "input" or "input_base64"/],
      ['{"input": "a", "input_base64": "YQ=="}', /:1: both "input" and "input_base64"/],
      ['{"input_base64": "not base64!"}', /:1: "input_base64" is not base64/],
      ['{"input": "a", "expect": 3}', /:1: "expect" must be a string/],
    ];
    for (const [line, pattern] of cases) {
      const file = writeIn(tempDir(), 'queries.jsonl', `${line}\n`);
      assert.throws(
        () => readQueries(file),
        (error) => error instanceof InputError && error.input === 'test-queries' && pattern.test(error.message),
        line,
      );
    }
  });
});

describe('what reading the sample files notices', () => {
  const notes = () => {
    const said: string[] = [];
    return {
      said,
      note: { notice: (m: string) => said.push(`notice: ${m}`), warning: (m: string) => said.push(`warning: ${m}`) },
    };
  };

  it('leaves a UTF-8 byte order mark out of the first event and the first query, with a notice', () => {
    const dir = tempDir();
    const events = writeIn(
      dir,
      'events.ndjson',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"inc":1}\n')]),
    );
    const queries = writeIn(dir, 'queries.jsonl', `\ufeff{"input": "total"}\n`);
    const { said, note } = notes();
    assert.equal(Buffer.from(readEvents(events, note)[0]!.bytes).toString(), '{"inc":1}');
    assert.equal(Buffer.from(readQueries(queries, note)[0]!.input).toString(), 'total');
    assert.equal(said.length, 2);
    assert.match(said[0]!, /^notice: \(".*events\.ndjson"\) starts with a UTF-8 byte order mark/);
  });

  it('says what a line of only whitespace is: an event of those bytes', () => {
    const { said, note } = notes();
    const events = readEvents(writeIn(tempDir(), 'events.ndjson', '{"inc":1}\n  \n{"inc":2}\n'), note);
    assert.equal(events.length, 3);
    assert.deepEqual(said.length, 1);
    assert.match(said[0]!, /^warning: has only whitespace on line 2 of ".*" \(2 bytes\), which is sent as an event/);
  });
});
