import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cell, codeBlock } from '../../src/report/markdown.ts';

describe("the summary's Markdown, from text from outside", () => {
  it('keeps a cell one line, without links, images, autolinks, HTML or a way out of the cell', () => {
    const forged =
      'ok\r## Fake heading\n![pixel](https://evil.example/p.png) [click](http://evil.example) ' +
      'www.evil.example | <b>x</b> \\|';
    const encoded = cell(forged);
    assert.doesNotMatch(encoded, /[\r\n]/, 'no line break: a lone CR starts a line too');
    assert.doesNotMatch(encoded, /(^|[^\\])[[\]]/, 'every bracket escaped: no link or image');
    assert.doesNotMatch(encoded, /:\/\/|www\./, 'no autolink');
    assert.doesNotMatch(encoded, /<(?!br>|\/br>)/, 'no HTML but the line breaks');
    assert.doesNotMatch(encoded.replace(/\\\\/g, ''), /(^|[^\\])\|/, 'every pipe escaped, a backslash before it too');
  });

  it('keeps a block of output a block: no fence or tag inside it can end it', () => {
    const output = 'error\n```\n# Heading\n</code></pre><img src=x onerror=alert(1)>\n[x](https://evil.example)';
    const block = codeBlock(output);
    assert.match(block, /^<pre><code>[\s\S]*<\/code><\/pre>$/);
    assert.equal(block.match(/<\/pre>/g)?.length, 1);
    assert.doesNotMatch(block.slice('<pre><code>'.length, -'</code></pre>'.length), /</);
  });
});
