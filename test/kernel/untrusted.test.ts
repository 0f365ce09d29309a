import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inert, redact } from '../../src/kernel/untrusted.ts';

describe('text from outside, made inert', () => {
  it('breaks `::` at the start of any line and `##[` anywhere, and leaves the words readable', () => {
    const text = '::set-output name=x::y\n  ::error::forged\nok a::b\nanswer ##[set-output name=x;]y ##[error]z';
    const shown = inert(text);
    assert.doesNotMatch(shown, /^\s*::/m);
    assert.doesNotMatch(shown, /##\[/);
    assert.equal(shown.replaceAll('\u200b', ''), text);
    assert.equal(inert('a::b and c ## [d'), 'a::b and c ## [d');
  });
});

describe('a secret, removed', () => {
  const secret = 'tok_5f1d2e3c4b5a69788796a5b4c3d2e1f0';

  it('removes the whole secret wherever it stands', () => {
    assert.equal(redact(`a ${secret} b ${secret}`, secret), 'a *** b ***');
  });

  it('removes what a cut leaves of it: a start of 8 or more characters at the end, an end at the start', () => {
    assert.equal(redact(`said ${secret.slice(0, 20)}`, secret), 'said ***');
    assert.equal(redact(`${secret.slice(-12)} was it`, secret), '*** was it');
    assert.equal(redact(`${secret.slice(0, 7)}`, secret), secret.slice(0, 7));
  });

  it('leaves text alone when there is no secret', () => {
    assert.equal(redact('nothing here', ''), 'nothing here');
  });
});
