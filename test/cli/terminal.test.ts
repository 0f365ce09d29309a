import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { colours, Terminal } from '../../src/cli/terminal.ts';

/** A terminal writing into a string, as a pipe (no TTY) or a TTY. */
function terminal(env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY },
  );
  return { terminal: new Terminal({ stream, env, verbose: false, debug: false }), text: () => text };
}

describe('the terminal', () => {
  it('prints findings as compilers do: path:line:col: error[rule]: message, then the hint', () => {
    const { terminal: out, text } = terminal();
    out.error('query has the wrong type.\nWhat to do: Change query.', {
      file: 'wit/machine.wit',
      startLine: 9,
      rule: 'exports',
    });
    out.warning('The component was not checked by wasm-tools.');
    assert.equal(
      text(),
      'wit/machine.wit:9:1: error[exports]: query has the wrong type.\n  = help: Change query.\n' +
        'warning: The component was not checked by wasm-tools.\n',
    );
    assert.deepEqual(out.counts, { error: 1, warning: 1 });
  });

  it('shows each stage with its time, in plain lines when not on a terminal or in CI', async () => {
    const { terminal: out, text } = terminal({}, false);
    await out.group('Build the view', async () => {});
    assert.match(text(), /^▸ Build the view\n✔ Build the view \(\d+\.\d s\)\n$/);
    const failed = terminal();
    await failed.terminal.group('Build the view', async () => failed.terminal.error('main.go:3: undefined: x'));
    assert.match(failed.text(), /\n✖ Build the view \(\d+\.\d s\)\n$/, 'a stage that found errors is not ticked');
    const refused = terminal();
    await refused.terminal.group(
      'Test the view',
      async () => ({ errors: 1 }),
      (report) => report.errors === 0,
    );
    assert.match(refused.text(), /\n✖ Test the view \(\d+\.\d s\)\n$/, 'nor one whose result did not pass');
    const ci = terminal({ CI: 'true' }, true);
    await ci.terminal.group('Validate the view', async () => {});
    assert.doesNotMatch(ci.text(), /⠋|\r/, 'no spinner in CI');
  });

  it("uses colours on a terminal unless NO_COLOR, and when FORCE_COLOR says so even when it's a pipe", () => {
    assert.equal(colours({}, true), true);
    assert.equal(colours({}, false), false);
    assert.equal(colours({ NO_COLOR: '1' }, true), false);
    assert.equal(colours({ FORCE_COLOR: '1' }, false), true);
    assert.equal(colours({ FORCE_COLOR: '0' }, true), false);
  });
});
