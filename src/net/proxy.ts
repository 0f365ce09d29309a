/**
 * Proxies, as the runner's own tools read them: `https_proxy` for https URLs and `http_proxy` for http ones (either
 * case; credentials in the proxy URL's userinfo), hosts that `no_proxy` names (a host, a domain and its subdomains,
 * an optional port, or `*`) and loopback hosts never proxied. A proxied request goes through a CONNECT tunnel, TLS
 * inside it for https.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|::1)$/i;

/** The proxy a request to the URL goes through, or undefined when it goes straight to the host. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const https = url.protocol === 'https:';
  const value = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  if (!value || LOOPBACK.test(url.hostname) || bypassed(url, env.no_proxy || env.NO_PROXY || '')) return undefined;
  try {
    return new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    return undefined;
  }
}

/** `proxy.example:3128`, without credentials: for messages. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [name, entryPort] = entry.replace(/^\[|\]$/g, '').split(/:(?=\d+$)/) as [string, string | undefined];
      if (entryPort && entryPort !== port) return false;
      const domain = name.replace(/^\*?\./, '');
      return host === domain || host.endsWith(`.${domain}`);
    });
}

/** A tunnel the proxy refused (407: it wants credentials; 403: the host is not allowed). */
export class ProxyRefusal extends Error {
  readonly status: number;
  constructor(proxy: URL, status: number) {
    super(`the proxy ${describeProxy(proxy)} refused the tunnel (HTTP ${status})`);
    this.name = 'ProxyRefusal';
    this.status = status;
  }
}

/** `Proxy-Authorization` for a proxy URL with a user (and password), or undefined. */
function proxyCredentials(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** An agent whose every connection is a CONNECT tunnel through the proxy to the request's host and port. */
export function tunnelAgent(proxy: URL, target: URL): http.Agent {
  const Base = target.protocol === 'https:' ? https.Agent : http.Agent;
  class TunnelAgent extends Base {
    override createConnection(
      options: http.ClientRequestArgs,
      done?: (error: Error | null, stream: Duplex) => void,
    ): undefined {
      const callback = (error: Error | null, socket?: Duplex) => done?.(error, socket as Duplex);
      const host = options.host ?? target.hostname;
      const port = options.port ?? (target.protocol === 'https:' ? 443 : 80);
      const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      const credentials = proxyCredentials(proxy);
      const connect = (proxy.protocol === 'https:' ? https : http).request({
        host: proxy.hostname,
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        headers: { Host: authority, ...(credentials && { 'Proxy-Authorization': credentials }) },
        agent: false,
      });
      connect.once('connect', (response, socket) => {
        if (response.statusCode !== 200) {
          socket.destroy();
          callback(new ProxyRefusal(proxy, response.statusCode ?? 0));
          return;
        }
        if (target.protocol !== 'https:') return callback(null, socket);
        const tlsOptions = options as tls.ConnectionOptions;
        const secure = tls.connect({ ...tlsOptions, socket, servername: tlsOptions.servername || host });
        secure.once('secureConnect', () => callback(null, secure));
        secure.once('error', (error) => callback(error));
      });
      connect.once('error', (error) => callback(error));
      connect.end();
      return undefined;
    }
  }
  return new TunnelAgent({ keepAlive: false });
}
