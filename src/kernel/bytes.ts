import { redact } from './untrusted.ts';

/** The bytes as text, when they are UTF-8 without control characters (tab and line breaks aside). */
function printable(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what makes bytes unprintable.
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ? undefined : text;
}

/** A sample (an event, a query) in a message: its text on one line, cut, or hex when it is not text. */
export function sampleText(bytes: Uint8Array, limit = 80): string {
  const text = printable(bytes)?.replace(/\s*[\r\n]+\s*/g, ' ');
  if (text === undefined) return showBytes(bytes, limit);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * Bytes as a person reads them: quoted text when they are printable UTF-8, else hex; long values cut. A secret
 * (text from a server that may echo the token) is removed before the cut, so that no piece of it is left.
 */
export function showBytes(bytes: Uint8Array, limit = 120, secret = ''): string {
  const printed = printable(bytes);
  const text = printed === undefined ? undefined : redact(printed, secret);
  if (text !== undefined) {
    const shown = text.length > limit ? `${text.slice(0, limit)}…` : text;
    return `${JSON.stringify(shown)} (${bytes.length} bytes)`;
  }
  const hex = Buffer.from(bytes.subarray(0, Math.ceil(limit / 2)))
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
  return `hex ${hex}${bytes.length > limit / 2 ? ' …' : ''} (${bytes.length} bytes)`;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}
