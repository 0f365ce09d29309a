import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxyFor } from '../../src/net/proxy.ts';

const via = (url: string, env: NodeJS.ProcessEnv) => proxyFor(new URL(url), env)?.href;

describe('which requests go through a proxy', () => {
  it('takes https_proxy for https and http_proxy for http, in either case', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', http_proxy: 'plain:8080' };
    assert.equal(via('https://api.primatomic.com/logs', env), 'http://secure:3128/');
    assert.equal(via('http://mirror.internal/x', env), 'http://plain:8080/');
  });

  it('goes straight to loopback hosts and to what no_proxy names: a host, a domain, a port, or *', () => {
    const env = { https_proxy: 'http://proxy:3128', no_proxy: 'internal.example, .corp:8443,github.com' };
    assert.equal(via('https://127.0.0.1:8787/', env), undefined);
    assert.equal(via('https://localhost/', env), undefined);
    assert.equal(via('https://[::1]/', env), undefined);
    assert.equal(via('https://internal.example/', env), undefined);
    assert.equal(via('https://a.internal.example/', env), undefined);
    assert.equal(via('https://api.corp:8443/', env), undefined);
    assert.equal(via('https://api.corp/', env), 'http://proxy:3128/', 'another port');
    assert.equal(via('https://objects.github.com/', env), undefined);
    assert.equal(via('https://notgithub.com/', env), 'http://proxy:3128/');
    assert.equal(via('https://anything/', { https_proxy: 'http://proxy:3128', NO_PROXY: '*' }), undefined);
  });

  it('keeps the credentials of the proxy URL', () => {
    assert.equal(
      proxyFor(new URL('https://x/'), { https_proxy: 'http://me:s%40cret@proxy:3128' })?.password,
      's%40cret',
    );
  });
});
