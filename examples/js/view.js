// Primatomic's counter view (primatomic:counter): folds {"inc": n} and {"dec": n} events into a total.
// Every query answers {"total": n}; the snapshot is the same JSON.
let total = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const state = () => encoder.encode(JSON.stringify({ total }));

export const machine = {
  init() {
    total = 0;
  },
  append(event) {
    let parsed;
    try {
      parsed = JSON.parse(decoder.decode(event));
    } catch {
      return; // views may ignore events they do not understand
    }
    if (Number.isInteger(parsed?.inc)) total += parsed.inc;
    if (Number.isInteger(parsed?.dec)) total -= parsed.dec;
  },
  query(_input) {
    return state();
  },
  snapshot() {
    return state();
  },
  restore(snapshot) {
    total = JSON.parse(decoder.decode(snapshot)).total;
  },
};
