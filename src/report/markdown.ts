/**
 * The one way text reaches the job summary's Markdown. Most of it comes from outside (a compiler's output, a
 * server's answer, a view's producers and answers), so every piece is made inert: no raw HTML, no line break that
 * could start a heading or a list, no table cell it could close, no link, image or autolink it could make, no code
 * block it could end. Our own words keep their `code` spans: inside one nothing is a link.
 */

/** Text as one table cell (or any inline place): visible as written, with every Markdown and HTML trick disarmed. */
export function cell(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/\[/g, '\\[')
      .replace(/\]/g, '\\]')
      // GitHub links bare addresses: the entity keeps it visible and keeps it text.
      .replace(/:\/\//g, ':&#47;&#47;')
      .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}&#46;`)
      // \r alone is a line break in Markdown too: a lone CR from a server must not start a new line.
      .replace(/\r\n|\r|\n/g, '<br>')
  );
}

export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

/**
 * Lines of text as a block (a command's output): an HTML `<pre>` whose content is escaped, so that nothing in it can
 * end the block (a ``` line would end a fenced one) or become Markdown.
 */
export function codeBlock(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r(?!\n)/g, '\n');
  return `<pre><code>${escaped}</code></pre>`;
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return `${[line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')}\n\n`;
}
