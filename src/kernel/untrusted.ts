/**
 * Text from outside the action (a server's answer, a view's output or names, a file's content, a compiler's
 * output) made safe to print: the runner must never read a workflow command in it, and a secret must never show.
 */

/** Hides the one character that lets the runner read a command: `::` at a line's start, `##[` anywhere. */
export function inert(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, '$1:\u200b').replaceAll('##[', '#\u200b#[');
}

/** The shortest piece of a secret that is still hidden when a cut (ours or a server's) leaves only part of it. */
const SECRET_PIECE = 8;

/**
 * The text without the secret: whole, and any piece of at least eight characters that a cut can leave of it (its
 * start, where the text ends; its end, where the text starts), wherever it stands.
 */
export function redact(text: string, secret: string): string {
  if (!secret) return text;
  let result = text.split(secret).join('***');
  if (secret.length < SECRET_PIECE) return result;
  result = replaceRuns(result, secret.slice(0, SECRET_PIECE), (at) => at + matchingForward(result, at, secret));
  const tail = secret.slice(-SECRET_PIECE);
  result = replaceRuns(
    result,
    tail,
    (at) => at + tail.length,
    (at) => at + tail.length - matchingBackward(result, at + tail.length, secret),
  );
  return result;
}

/** Replaces each occurrence of `piece` with `***`, from `start(at)` to `end(at)`. */
function replaceRuns(
  text: string,
  piece: string,
  end: (at: number) => number,
  start: (at: number) => number = (at) => at,
): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, Math.max(at + 1, from))) {
    const begin = start(at);
    if (begin < from) continue;
    out += `${text.slice(from, begin)}***`;
    from = end(at);
  }
  return out + text.slice(from);
}

/** How many characters from `at` match the secret from its start. */
function matchingForward(text: string, at: number, secret: string): number {
  let length = 0;
  while (length < secret.length && text[at + length] === secret[length]) length++;
  return length;
}

/** How many characters before `end` match the secret's end. */
function matchingBackward(text: string, end: number, secret: string): number {
  let length = 0;
  while (length < secret.length && text[end - 1 - length] === secret[secret.length - 1 - length]) length++;
  return length;
}
