import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { unresolvedHint } from '../../src/deploy/deploy.ts';
import { verifyDeployedView } from '../../src/deploy/verify.ts';
import { deploy, deploySettings, recordingPolicy } from '../support/deploy.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

let emulator: Emulator;
let logId: string;
let componentPath: string;
let bytes: Uint8Array;

before(async () => {
  emulator = await Emulator.start();
  bytes = await fixtures.valid();
  componentPath = writeIn(tempDir(), 'view.wasm', bytes);
});
after(() => emulator.close());
beforeEach(() => {
  logId = emulator.createLog(`log-${Math.random()}`);
  emulator.faults.length = 0;
  emulator.requests.length = 0;
});

const deployTo = (overrides: Parameters<typeof deploySettings>[2] = {}, policy = recordingPolicy()) =>
  deploy(componentPath, bytes.length, deploySettings(emulator.url, logId, overrides), policy);

describe('deploying', () => {
  it('uploads exactly the file, with the token, content type and user agent, and returns the view id', async () => {
    const result = await deployTo();
    assert.equal(result.outcome, 'deployed', result.message);
    assert.match(result.viewId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(result.viewUrl, `${emulator.url}/logs/${logId}/views/counter`);
    const [request] = emulator.requests;
    assert.equal(request?.bodyBytes, bytes.length);
    assert.equal(request?.bodySha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(request?.headers.authorization, 'Bearer emulator-token');
    assert.equal(request?.headers['content-type'], 'application/octet-stream');
    assert.equal(request?.headers['user-agent'], 'test-agent/1.0');
    assert.equal(result.attempts.length, 1);
  });

  it('succeeds without a view id when the API returns only success (older API versions)', async () => {
    const legacy = await Emulator.start({ legacyDeployResponse: true });
    try {
      const id = legacy.createLog('legacy');
      const result = await deploy(componentPath, bytes.length, deploySettings(legacy.url, id), recordingPolicy());
      assert.equal(result.outcome, 'deployed');
      assert.equal(result.viewId, undefined);
    } finally {
      await legacy.close();
    }
  });

  it('waits at least Retry-After on 429, then succeeds', async () => {
    emulator.faults.push({ route: 'deploy', status: 429, retryAfter: '7' });
    const policy = recordingPolicy();
    const result = await deployTo({}, policy);
    assert.equal(result.outcome, 'deployed');
    assert.deepEqual(policy.waits, [7000]);
    assert.deepEqual(
      result.attempts.map((a) => a.status),
      [429, 200],
    );
  });

  it('retries 502, 503 and 504 with growing, jittered waits, then succeeds', async () => {
    for (const status of [502, 503, 504]) emulator.faults.push({ route: 'deploy', status });
    const policy = recordingPolicy();
    const result = await deployTo({}, policy);
    assert.equal(result.outcome, 'deployed');
    assert.deepEqual(
      result.attempts.map((a) => a.status),
      [502, 503, 504, 200],
    );
    assert.deepEqual(policy.waits, [500, 1000, 2000], 'half of 1 s, 2 s, 4 s with random() = 0.5');
  });

  it('retries a connection reset, then succeeds', async () => {
    emulator.faults.push({ route: 'deploy', reset: 'before' });
    const result = await deployTo();
    assert.equal(result.outcome, 'deployed');
    assert.match(result.attempts[0]?.error ?? '', /ECONNRESET|socket hang up/);
  });

  it('retries a request that times out', async () => {
    emulator.faults.push({ route: 'deploy', delayMs: 500 });
    const result = await deployTo({}, recordingPolicy({ requestTimeoutMs: 200 }));
    assert.equal(result.outcome, 'deployed');
    assert.match(result.attempts[0]?.error ?? '', /^ETIMEDOUT/);
  });

  it('gives up on 503 forever after 5 attempts', async () => {
    for (let i = 0; i < 10; i++) emulator.faults.push({ route: 'deploy', status: 503 });
    const result = await deployTo();
    assert.equal(result.outcome, 'failed');
    assert.equal(result.attempts.length, 5);
    assert.match(
      result.message,
      /^The deploy to 127\.0\.0\.1:\d+ failed after 5 attempts in \d+ s; the last was HTTP 503 \("Service Unavailable"\)\.$/,
    );
  });

  it('stops retrying when the next wait would pass the total time limit', async () => {
    for (let i = 0; i < 10; i++) emulator.faults.push({ route: 'deploy', status: 429, retryAfter: '120' });
    const result = await deployTo({}, recordingPolicy({ maxTotalMs: 60_000 }));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.attempts.length, 1);
    assert.match(result.hint ?? '', /rate-limits/);
  });

  for (const [status, pattern] of [
    [400, /refused the upload as invalid \(400: "Bad Request"\)/],
    [401, /did not accept the token \(401: "Unauthorized"\): it is missing, expired or revoked/],
    [403, /is not allowed to deploy to log/],
    [404, /There is no log .* for this token \(404/],
    [413, /too large \(413/],
  ] as const) {
    it(`does not retry ${status}, and says what it means`, async () => {
      emulator.faults.push({ route: 'deploy', status });
      const result = await deployTo();
      assert.equal(result.outcome, 'failed');
      assert.equal(result.attempts.length, 1);
      assert.match(result.message, pattern);
    });
  }

  it('gets real 401, 404 and 409 answers from the emulator', async () => {
    assert.match((await deployTo({ apiToken: 'wrong' })).message, /401/);
    assert.match((await deployTo({ logId: '00000000-0000-4000-8000-000000000000' })).message, /There is no log/);
    assert.equal((await deployTo()).outcome, 'deployed');
    const again = await deployTo();
    assert.equal(again.outcome, 'failed');
    assert.match(again.message, /A view named counter in log .* already exists \(409\): view names are unique per log/);
    assert.match(again.hint ?? '', /Leave view-name empty .* put \{sha\} in it \(counter-\{sha\}\)/);
  });

  it('skips with if-exists: skip when the name is taken', async () => {
    await deployTo();
    const result = await deployTo({ ifExists: 'skip' });
    assert.equal(result.outcome, 'skipped');
    assert.match(
      result.message,
      /already exists; nothing was deployed \(if-exists: skip\)\. The API cannot tell whether it is this component/,
    );
  });

  it('says that a 409 after a broken attempt may be its own earlier success', async () => {
    emulator.faults.push({ route: 'deploy', reset: 'after' });
    const result = await deployTo();
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(
      result.attempts.map((a) => a.status),
      [undefined, 409],
    );
    assert.match(result.message, /An earlier attempt failed in transit, so it may have deployed this very view/);
  });

  it('passes on the view id only when it is a UUID, and says what came back when it is not', async () => {
    const forged = '](https://evil.example/x.png)\r## Deployed by us';
    emulator.faults.push({ route: 'deploy', status: 200, body: JSON.stringify({ success: true, view_id: forged }) });
    const result = await deployTo();
    assert.equal(result.outcome, 'deployed');
    assert.equal(result.viewId, undefined);
    assert.match(result.message, /The API's view_id is not a UUID \(.*\), so view-id is left empty\./);
  });

  it("does not follow a redirect, so the token stays with api-url's host", async () => {
    const moved = `https://new-api.primatomic.test/v2/logs/${logId}/views/counter`;
    emulator.faults.push({ route: 'deploy', status: 307, body: '', location: moved });
    const result = await deployTo();
    assert.equal(result.outcome, 'failed');
    assert.equal(emulator.requests.length, 1);
    assert.match(
      result.message,
      /redirect \(307 to https:\/\/new-api\.primatomic\.test\/v2\/logs\/.*\), which is not followed/,
    );
    assert.equal(result.hint, 'If that address is right, set api-url to https://new-api.primatomic.test/v2.');
  });

  it('removes the token from a long error body before cutting it, so that no piece of it is printed', async () => {
    const token = 'tok_5f1d2e3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a';
    const local = await Emulator.start({ tokens: [token] });
    try {
      const id = local.createLog('long-body');
      // The token starts at character 150 of the body: a cut at 200 before removal would leave 50 of its 59.
      local.faults.push({ route: 'deploy', status: 400, body: `${'x'.repeat(150)} ${token} ${'y'.repeat(300)}` });
      const settings = deploySettings(local.url, id, { apiToken: token });
      const result = await deploy(componentPath, bytes.length, settings, recordingPolicy());
      assert.equal(result.outcome, 'failed');
      assert.match(result.message, /x{150} \*\*\* y+…/);
      for (let length = 8; length <= token.length; length++) {
        assert.ok(!JSON.stringify(result).includes(token.slice(0, length)), `a ${length}-character prefix leaked`);
      }
    } finally {
      await local.close();
    }
  });

  it('gives up on a server that trickles its answer when the whole deploy reaches its limit', async () => {
    emulator.faults.push({ route: 'deploy', stall: 'trickle', trickleMs: 100 });
    const started = performance.now();
    const result = await deployTo({}, recordingPolicy({ maxTotalMs: 2000, requestTimeoutMs: 1000 }));
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.outcome, 'failed');
    assert.ok(seconds >= 1.9 && seconds < 4, `took ${seconds} s`);
    assert.match(
      result.message,
      /^The deploy to 127\.0\.0\.1:\d+ did not finish within 2 s, the limit for the whole deploy: the server began its answer \(HTTP 200\) but sent only \d+ bytes of it in 2 s\.$/,
    );
    assert.match(result.hint ?? '', /too slow or holds the connection open/);
  });

  it('gives up on a server that accepts the request and never answers, within the same limit', async () => {
    // The idle timeout is longer than the whole deploy may take: only the deadline can end the attempt.
    emulator.faults.push({ route: 'deploy', stall: 'silent' });
    const started = performance.now();
    const result = await deployTo({}, recordingPolicy({ maxTotalMs: 2000, requestTimeoutMs: 60_000 }));
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.outcome, 'failed');
    assert.ok(seconds >= 1.9 && seconds < 4, `took ${seconds} s`);
    assert.match(
      result.message,
      /did not finish within 2 s, the limit for the whole deploy: the server accepted the connection but did not answer within 2 s\.$/,
    );
    assert.match(result.hint ?? '', /The component was sent, so it may be deployed/);
  });

  it('never puts the token in a message, even when the server echoes it', async () => {
    emulator.faults.push({ route: 'deploy', status: 400, body: 'bad token emulator-token in request' });
    const result = await deployTo();
    assert.doesNotMatch(JSON.stringify(result), /emulator-token/);
    assert.match(result.message, /bad token \*\*\* in request/);
  });
});

describe('the verify query', () => {
  const verifyInputs = (expect?: Uint8Array, timeoutMs = 5000) =>
    deploySettings(emulator.url, logId, {
      verify: { query: new TextEncoder().encode('q'), expect, timeoutMs },
    });

  it('passes when the deployed view gives the expected bytes, and really runs the view', async () => {
    await deployTo();
    await fetch(`${emulator.url}/logs/${logId}/append`, {
      method: 'POST',
      headers: { Authorization: 'Bearer emulator-token' },
      body: new Uint8Array([7]),
    });
    const result = await verifyDeployedView(
      verifyInputs(new Uint8Array([1, 0, 0, 0, 7, 0, 0, 0])),
      'counter',
      'test',
      recordingPolicy(),
    );
    assert.equal(result.ok, true, result.message);
  });

  it('retries 503 while the view catches up, and fails on a different answer, showing both', async () => {
    await deployTo();
    emulator.faults.push({ route: 'query', status: 503 });
    const result = await verifyDeployedView(
      verifyInputs(new TextEncoder().encode('{"total":25}')),
      'counter',
      'test',
      recordingPolicy(),
    );
    assert.equal(result.ok, false);
    assert.equal(result.attempts, 2);
    assert.equal(
      result.message,
      'The deployed view answered hex 00 00 00 00 00 00 00 00 (8 bytes); verify-expect is "{\\"total\\":25}" (12 ' +
        'bytes).',
    );
  });

  it('removes the token from an answer that echoes it', async () => {
    await deployTo();
    emulator.faults.push({ route: 'query', status: 200, body: 'echo: emulator-token' });
    const result = await verifyDeployedView(verifyInputs(), 'counter', 'test', recordingPolicy());
    assert.equal(result.ok, true);
    assert.equal(result.message, 'The deployed view answered "echo: ***" (20 bytes).');
  });

  it('removes the token before the answer is cut, so that no piece of it is left', async () => {
    await deployTo();
    emulator.faults.push({ route: 'query', status: 200, body: `${'x'.repeat(115)}emulator-token and more` });
    const result = await verifyDeployedView(verifyInputs(), 'counter', 'test', recordingPolicy());
    assert.equal(result.ok, true);
    assert.match(result.message, /x\*\*\* a…" \(138 bytes\)/);
    assert.doesNotMatch(result.message, /emul/);
  });

  it('retries what the deploy retries (429 after its Retry-After), and says what to do when refused', async () => {
    await deployTo();
    emulator.faults.push({ route: 'query', status: 429, retryAfter: '2' });
    const policy = recordingPolicy();
    const retried = await verifyDeployedView(verifyInputs(), 'counter', 'test', policy);
    assert.equal(retried.ok, true, retried.message);
    assert.equal(retried.attempts, 2);
    assert.deepEqual(policy.waits, [2000]);

    emulator.faults.push({ route: 'query', status: 403 });
    const refused = await verifyDeployedView(verifyInputs(), 'counter', 'test', recordingPolicy());
    assert.equal(refused.ok, false);
    assert.match(refused.message, /^The verify query was refused \(403: /);
    assert.match(refused.hint!, /may deploy but not query this log/);
  });

  it('gives up on an answer that trickles, within verify-timeout', async () => {
    await deployTo();
    emulator.faults.push({ route: 'query', stall: 'trickle', trickleMs: 100 });
    const started = performance.now();
    const result = await verifyDeployedView(verifyInputs(undefined, 1500), 'counter', 'test', recordingPolicy());
    assert.ok(performance.now() - started < 3000);
    assert.equal(result.ok, false);
    assert.match(result.message, /did not answer within 1\.5 s \(last: the server began its answer \(HTTP 200\)/);
  });

  it('gives up after verify-timeout', async () => {
    await deployTo();
    for (let i = 0; i < 50; i++) emulator.faults.push({ route: 'query', status: 504 });
    const result = await verifyDeployedView(
      verifyInputs(undefined, 3000),
      'counter',
      'test',
      recordingPolicy({ sleep: async () => new Promise((r) => setTimeout(r, 100)) }),
    );
    assert.equal(result.ok, false);
    assert.match(result.message, /did not answer within 3 s \(last: HTTP 504\)/);
  });
});

describe('a host that does not resolve', () => {
  it("blames the runner's network, not a typo, when api-url is Primatomic's own", () => {
    assert.match(unresolvedHint(new URL('https://api.primatomic.com')), /this runner cannot resolve its host/);
    assert.match(
      unresolvedHint(new URL('https://api.primatomc.com')),
      /^Check api-url \(https:\/\/api\.primatomc\.com\/\) for a typo/,
    );
  });
});
