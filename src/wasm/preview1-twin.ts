/**
 * The import-free adapter's semantics (preview1-adapter.wat) in JavaScript, for running a WASI preview 1 core
 * module outside its component: the same fixed clock, random stream and errno answers, except that what the view
 * writes to stdout and stderr is kept, so that a trap can be explained by the view's own words (a Go panic).
 */
const ERRNO = { success: 0, badf: 8, inval: 28, nosys: 52 };
const MONOTONIC_BASE = 1_000_000_000n; // 1 s: Go throws on a zero nanotime
const REALTIME_BASE = 1_704_067_201_000_000_000n; // 2024-01-01T00:00:01Z
const MASK64 = (1n << 64n) - 1n;

/** What the view wrote, by file descriptor. */
export interface CapturedOutput {
  stdout: HeadAndTail;
  stderr: HeadAndTail;
}

/**
 * What a view writes, in bounded memory however much it writes: the first and the last `half` bytes, with how many
 * were left out between. A panic's words come last (a Go view may write 600 MB before it panics): the tail keeps
 * them.
 */
export class HeadAndTail {
  readonly #half: number;
  readonly #head: Uint8Array;
  #headLength = 0;
  /** A ring of the last `half` bytes past the head. */
  readonly #tail: Uint8Array;
  #tailEnd = 0;
  #tailLength = 0;
  #total = 0;

  constructor(half = 64 << 10) {
    this.#half = half;
    this.#head = new Uint8Array(half);
    this.#tail = new Uint8Array(half);
  }

  add(bytes: Uint8Array): void {
    this.#total += bytes.length;
    const toHead = Math.min(bytes.length, this.#half - this.#headLength);
    this.#head.set(bytes.subarray(0, toHead), this.#headLength);
    this.#headLength += toHead;
    // Only the last `half` bytes of the rest can stay in the ring.
    const rest = bytes.subarray(toHead).subarray(-this.#half);
    for (let at = 0; at < rest.length; ) {
      const room = Math.min(rest.length - at, this.#half - this.#tailEnd);
      this.#tail.set(rest.subarray(at, at + room), this.#tailEnd);
      this.#tailEnd = (this.#tailEnd + room) % this.#half;
      at += room;
    }
    this.#tailLength = Math.min(this.#half, this.#tailLength + rest.length);
  }

  /** The text: the head, a note of what was left out, the tail. */
  text(): string {
    const head = Buffer.from(this.#head.subarray(0, this.#headLength)).toString('utf8');
    const start = (this.#tailEnd - this.#tailLength + this.#half) % this.#half;
    const tail =
      start + this.#tailLength <= this.#half
        ? this.#tail.subarray(start, start + this.#tailLength)
        : Buffer.concat([this.#tail.subarray(start), this.#tail.subarray(0, this.#tailEnd)]);
    const left = this.#total - this.#headLength - this.#tailLength;
    const note = left > 0 ? `\n[… ${left} bytes left out …]\n` : '';
    return `${head}${note}${Buffer.from(tail).toString('utf8')}`;
  }
}

/** Raised by proc_exit, where the adapter traps. */
/** What a view's proc_exit throws: the call ends there, as it would in the component (where it traps). */
class ProcExit extends Error {
  override name = 'ProcExit';
}

type Preview1 = Record<string, (...args: never[]) => unknown>;

/** The preview 1 functions over a memory read lazily (it may grow), writing fd 1 and 2 into `output`. */
export function preview1Twin(memory: () => WebAssembly.Memory, output: CapturedOutput): Preview1 {
  let elapsed = 0n; // virtual ns since instantiation; only poll_oneoff moves it
  let rng = 0x853c49e6748fea9bn; // the adapter's LCG and seed
  const view = () => new DataView(memory().buffer);
  const clockBase = (id: number) => (id === 0 ? REALTIME_BASE : MONOTONIC_BASE);
  const zeroSizes = (countPtr: number, sizePtr: number) => {
    view().setUint32(countPtr, 0, true);
    view().setUint32(sizePtr, 0, true);
    return ERRNO.success;
  };

  const functions: Preview1 = {
    args_get: () => ERRNO.success,
    args_sizes_get: zeroSizes,
    environ_get: () => ERRNO.success,
    environ_sizes_get: zeroSizes,
    clock_res_get(id: number, out: number) {
      if (id >>> 0 > 3) return ERRNO.inval;
      view().setBigUint64(out, 1000n, true);
      return ERRNO.success;
    },
    clock_time_get(id: number, _precision: bigint, out: number) {
      if (id >>> 0 > 3) return ERRNO.inval;
      view().setBigUint64(out, clockBase(id) + elapsed, true);
      return ERRNO.success;
    },
    poll_oneoff(inPtr: number, outPtr: number, subscriptions: number, eventsPtr: number) {
      if (subscriptions === 0) return ERRNO.inval;
      const mem = view();
      const start = elapsed;
      for (let i = 0; i < subscriptions; i++) {
        const sub = inPtr + 48 * i;
        const event = outPtr + 32 * i;
        const tag = mem.getUint8(sub + 8);
        let error = tag <= 2 ? ERRNO.badf : ERRNO.inval;
        if (tag === 0) {
          const id = mem.getUint32(sub + 16, true);
          error = id > 3 ? ERRNO.inval : ERRNO.success;
          if (id <= 3) {
            const timeout = mem.getBigUint64(sub + 24, true);
            const absolute = mem.getUint16(sub + 40, true) & 1;
            const target = absolute ? timeout - clockBase(id) : start + timeout;
            if (target > elapsed) elapsed = target;
          }
        }
        mem.setBigUint64(event, mem.getBigUint64(sub, true), true);
        mem.setUint16(event + 8, error, true);
        mem.setUint8(event + 10, tag);
        mem.setBigUint64(event + 16, 0n, true);
        mem.setUint16(event + 24, 0, true);
      }
      mem.setUint32(eventsPtr, subscriptions, true);
      return ERRNO.success;
    },
    random_get(buffer: number, length: number) {
      const bytes = new Uint8Array(memory().buffer, buffer, length);
      for (let i = 0; i < length; i++) {
        rng = (rng * 6364136223846793005n + 1442695040888963407n) & MASK64;
        bytes[i] = Number(rng >> 56n);
      }
      return ERRNO.success;
    },
    fd_write(fd: number, iovs: number, count: number, writtenPtr: number) {
      if (fd !== 1 && fd !== 2) return ERRNO.badf;
      const mem = view();
      let total = 0;
      for (let i = 0; i < count; i++) {
        const ptr = mem.getUint32(iovs + 8 * i, true);
        const length = mem.getUint32(iovs + 8 * i + 4, true);
        (fd === 1 ? output.stdout : output.stderr).add(new Uint8Array(memory().buffer, ptr, length));
        total += length;
      }
      mem.setUint32(writtenPtr, total, true);
      return ERRNO.success;
    },
    proc_exit(code: number) {
      throw new ProcExit(`proc_exit(${code})`);
    },
    proc_raise: () => ERRNO.nosys,
    sched_yield: () => ERRNO.success,
  };
  // Every other preview 1 function (fd_*, path_*, sock_*) answers EBADF, as the adapter does.
  return new Proxy(functions, { get: (target, name: string) => target[name] ?? (() => ERRNO.badf) });
}
