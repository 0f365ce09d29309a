/** `1 error`, `3 errors`: a count with its noun, for messages and summaries. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A message and, when there is one, what to do next: the shape of every failure the action reports. */
export function withHint(message: string, hint: string | undefined): string {
  return hint ? `${message}\nWhat to do: ${hint}` : message;
}

/** The first sentence of a message: what a one-line list of failures shows of it. */
export function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The output without terminal colours. */
export function plainText(output: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
  return output.replace(/\x1b\[[0-9;]*m/g, '');
}

/** A sentence without its final period, to go inside another one. */
export function withoutPeriod(sentence: string): string {
  return sentence.replace(/\.+$/, '');
}
