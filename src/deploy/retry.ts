/** When and how long to wait before trying a request again. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts after this much time since the first attempt. */
  maxTotalMs: number;
  /** Idle time without progress after which a request counts as timed out. */
  requestTimeoutMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxTotalMs: 180_000,
  requestTimeoutMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The statuses Primatomic's error table says to retry: rate limited, server error, leader change, catching up. */
export const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Exponential backoff with full jitter: a random wait up to base × 2^(attempt-1), capped; never shorter than the
 * server's Retry-After.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(policy.random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** One try of a request: what it gave, or why to try again (with the server's Retry-After, when it sent one). */
export type Tried<T, Why> = { result: T } | { again: Why; retryAfterMs?: number | undefined };

export interface RetryLoop<T, Why> {
  policy: RetryPolicy;
  /** The time every try and every wait together may take. */
  budgetMs: number;
  maxAttempts: number;
  /** Try number `number`, with `remainingMs` of the budget left for it. */
  attempt(number: number, remainingMs: number): Promise<Tried<T, Why>>;
  /** The result when no other try fits: after `attempts` tries and `elapsedMs`, the last one for `why`. */
  gaveUp(attempts: number, elapsedMs: number, why: Why): T;
  /** Told of each wait before it starts. */
  waiting?(waitMs: number): void;
}

/** The one retry loop of Primatomic's requests (the deploy, the verify query): backoff within a budget of time. */
export async function retrying<T, Why>(loop: RetryLoop<T, Why>): Promise<T> {
  const started = performance.now();
  for (let number = 1; ; number++) {
    const tried = await loop.attempt(number, Math.max(1, loop.budgetMs - (performance.now() - started)));
    if ('result' in tried) return tried.result;
    const waitMs = retryDelayMs(loop.policy, number, tried.retryAfterMs);
    const elapsedMs = performance.now() - started;
    if (number >= loop.maxAttempts || elapsedMs + waitMs > loop.budgetMs) {
      return loop.gaveUp(number, elapsedMs, tried.again);
    }
    loop.waiting?.(waitMs);
    await loop.policy.sleep(waitMs);
  }
}
