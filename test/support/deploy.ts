import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type DeployResult, type DeploySettings, deployView } from '../../src/deploy/deploy.ts';
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

export function deploySettings(apiUrl: string, logId: string, overrides: Partial<DeploySettings> = {}): DeploySettings {
  return {
    apiUrl: new URL(apiUrl),
    apiToken: 'emulator-token',
    logId,
    viewName: { pattern: 'counter', values: {}, isDefault: false },
    ifExists: 'fail',
    verify: undefined,
    ...overrides,
  };
}

export function deploy(
  componentPath: string,
  size: number,
  settings: DeploySettings,
  policy: RetryPolicy,
): Promise<DeployResult> {
  const component = readFileSync(componentPath);
  if (component.length !== size) throw new Error(`${componentPath} is ${component.length} bytes, not ${size}`);
  const componentSha256 = createHash('sha256').update(component).digest('hex');
  const request = { settings, component, componentSha256, userAgent: 'test-agent/1.0' };
  return deployView(request, policy);
}
