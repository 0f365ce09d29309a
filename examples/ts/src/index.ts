// Primatomic's counter view (primatomic:counter) in TypeScript: folds {"inc": n} and {"dec": n} into a total.
// The action bundles this entry with esbuild, then componentizes it with jco (--disable=all).
import { type CounterEvent, parseEvent } from './events.ts';

let total = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const state = (): Uint8Array => encoder.encode(JSON.stringify({ total }));

function apply(event: CounterEvent): void {
  total += event.kind === 'inc' ? event.amount : -event.amount;
}

export const machine = {
  init(): void {
    total = 0;
  },
  append(event: Uint8Array): void {
    const parsed = parseEvent(decoder.decode(event));
    if (parsed) apply(parsed); // views may ignore events they do not understand
  },
  query(_input: Uint8Array): Uint8Array {
    return state();
  },
  snapshot(): Uint8Array {
    return state();
  },
  restore(snapshot: Uint8Array): void {
    total = (JSON.parse(decoder.decode(snapshot)) as { total: number }).total;
  },
};
