import { deployView, type DeployResult } from '../../src/deploy/deploy.ts';
import type { DeployInputs } from '../../src/deploy/deploy-inputs.ts';
import type { RetryPolicy } from '../../src/deploy/retry.ts';

/** A retry policy that does not really wait: it records each wait, so tests can assert them. */
export function recordingPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return {
    maxAttempts: 5,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    maxTotalMs: 180_000,
    requestTimeoutMs: 5000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
    waits,
  };
}

export function deployInputs(apiUrl: string, logId: string, overrides: Partial<DeployInputs> = {}): DeployInputs {
  return { apiUrl: new URL(apiUrl), apiToken: 'emulator-token', logId, viewName: 'counter', ifExists: 'fail', verify: undefined, ...overrides };
}

export function deploy(componentPath: string, size: number, inputs: DeployInputs, policy: RetryPolicy): Promise<DeployResult> {
  return deployView({ inputs, componentPath, componentSize: size, userAgent: 'test-agent/1.0' }, policy);
}
