export type CounterEvent = { kind: 'inc' | 'dec'; amount: number };

/** `{"inc": n}` or `{"dec": n}`; anything else is not a counter event. */
export function parseEvent(text: string): CounterEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { inc, dec } = parsed as { inc?: unknown; dec?: unknown };
  if (Number.isInteger(inc)) return { kind: 'inc', amount: inc as number };
  if (Number.isInteger(dec)) return { kind: 'dec', amount: dec as number };
  return undefined;
}
