/**
 * Deploy and verify behind a proxy, as on a corporate runner: through a CONNECT tunnel when https_proxy or
 * http_proxy is set, and straight to the host when no_proxy names it. The proxy is a loopback stand-in that records
 * each tunnel; hosts under .test resolve to 127.0.0.1 in the processes that ask (see loopback-hosts.mjs).
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Emulator } from '../../emulator/emulator.ts';
import { verifyDeployedView } from '../../src/deploy/verify.ts';
import { ConnectProxy } from '../support/connect-proxy.ts';
import { deploy, deploySettings, recordingPolicy } from '../support/deploy.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { ROOT } from '../support/run-action.ts';
import { tempDir, writeIn } from '../support/tmp.ts';
import { fixtures } from '../support/views.ts';

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'];
const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
let proxy: ConnectProxy;
let emulator: Emulator;
let componentPath: string;
let size: number;

before(async () => {
  await import('../support/loopback-hosts.ts');
  emulator = await Emulator.start();
  const bytes = await fixtures.valid();
  componentPath = writeIn(tempDir(), 'view.wasm', bytes);
  size = bytes.length;
});
after(() => emulator.close());
beforeEach(async () => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  proxy = await ConnectProxy.start();
});
afterEach(async () => {
  await proxy.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('behind a proxy', () => {
  const remote = () => `http://api.primatomic.test:${new URL(emulator.url).port}`;

  it('deploys and verifies through a CONNECT tunnel when http_proxy is set', async () => {
    process.env.http_proxy = proxy.url;
    const logId = emulator.createLog('proxied');
    const settings = deploySettings(remote(), logId, {
      verify: { query: new Uint8Array(), expect: undefined, timeoutMs: 5000 },
    });
    const result = await deploy(componentPath, size, settings, recordingPolicy());
    assert.equal(result.outcome, 'deployed', result.message);
    const verify = await verifyDeployedView(settings, result.viewName, 'test', recordingPolicy());
    assert.equal(verify.ok, true, verify.message);
    const target = `api.primatomic.test:${new URL(emulator.url).port}`;
    assert.deepEqual(proxy.tunnels, [target, target]);
  });

  it('goes straight to a host that no_proxy names, and to loopback hosts', async () => {
    process.env.http_proxy = proxy.url;
    process.env.no_proxy = 'example.com,api.primatomic.test';
    const first = await deploy(
      componentPath,
      size,
      deploySettings(remote(), emulator.createLog('bypass')),
      recordingPolicy(),
    );
    assert.equal(first.outcome, 'deployed', first.message);
    delete process.env.no_proxy;
    const second = await deploy(
      componentPath,
      size,
      deploySettings(emulator.url, emulator.createLog('loopback')),
      recordingPolicy(),
    );
    assert.equal(second.outcome, 'deployed', second.message);
    assert.deepEqual(proxy.tunnels, []);
  });

  it('says which proxy it went through when the deploy cannot get through it', async () => {
    const closed = await ConnectProxy.start();
    const unreachable = closed.url;
    await closed.close();
    process.env.http_proxy = unreachable;
    const result = await deploy(
      componentPath,
      size,
      deploySettings(remote(), emulator.createLog('broken-proxy')),
      recordingPolicy({ maxAttempts: 2 }),
    );
    assert.equal(result.outcome, 'failed');
    assert.match(
      result.message,
      new RegExp(`through the proxy ${unreachable.replaceAll('.', '\\.')} failed after 2 attempts`),
    );
    assert.match(result.hint ?? '', /Check that the proxy \(https_proxy\) lets the runner reach api\.primatomic\.test/);
  });

  it('does not retry a proxy that refuses the tunnel, and says it wants credentials', async () => {
    process.env.http_proxy = proxy.url;
    proxy.refuseWith = 407;
    const policy = recordingPolicy();
    const result = await deploy(componentPath, size, deploySettings(remote(), emulator.createLog('407')), policy);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.attempts.length, 1);
    assert.match(
      result.message,
      /^The proxy http:\/\/127\.0\.0\.1:\d+ refused to open a tunnel to api\.primatomic\.test:\d+ \(407\)/,
    );
    assert.match(result.hint ?? '', /wants credentials: put them in https_proxy/);
  });

  it('deploys to an https API through a CONNECT tunnel when https_proxy is set', { skip: POSIX_ONLY }, async () => {
    const dir = tempDir('proxy-tls-');
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert],
        ...['-subj', '/CN=api.primatomic.test', '-addext', 'subjectAltName=DNS:api.primatomic.test'],
      ],
      { stdio: 'ignore' },
    );
    const received: string[] = [];
    const api = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => {
        if (request.url?.endsWith('/query')) response.writeHead(200).end('42');
        else response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"success": true, "view_id": "v"}');
      });
    });
    const sockets = new Set<{ destroy(): void }>();
    api.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      // The certificate is trusted from the start of a process of its own, beside the machine's own extra CAs.
      const trusted = path.join(dir, 'trusted.pem');
      const extra = process.env.NODE_EXTRA_CA_CERTS;
      writeFileSync(trusted, `${extra ? readFileSync(extra, 'utf8') : ''}\n${readFileSync(cert, 'utf8')}`);
      const port = (api.address() as AddressInfo).port;
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [
            `--import=${path.join(ROOT, 'test/support/loopback-hosts.ts')}`,
            path.join(ROOT, 'test/support/deploy-through-proxy.ts'),
            `https://api.primatomic.test:${port}`,
            componentPath,
          ],
          // Without NODE_TEST_CONTEXT, which would make the script a test runner's child.
          { env: { ...withoutTestContext(), https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: trusted }, encoding: 'utf8' },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message} ${stdout} ${stderr}`)) : resolve(stdout),
        );
      });
      const result = JSON.parse(output) as { deploy: string; message: string; verify: boolean };
      assert.equal(result.deploy, 'deployed', result.message);
      assert.equal(result.verify, true);
      assert.deepEqual(proxy.tunnels, [`api.primatomic.test:${port}`, `api.primatomic.test:${port}`]);
      assert.deepEqual(received, [
        'POST /logs/0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21/views/counter',
        'POST /logs/0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21/views/counter/query',
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => api.close(resolve));
    }
  });
});

function withoutTestContext(): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return env;
}
