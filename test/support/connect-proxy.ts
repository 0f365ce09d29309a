/**
 * A loopback HTTP proxy that records each CONNECT (the tunnel the action opens for every proxied request)
 * and tunnels it to the same port on 127.0.0.1, whatever the host: a stand-in for a corporate proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export class ConnectProxy {
  /** `host:port` of every CONNECT, in order. */
  readonly tunnels: string[] = [];
  private readonly server: http.Server;
  /** Answer every CONNECT with this status instead of a tunnel (407: the proxy wants credentials). */
  refuseWith: number | undefined;
  /** Tunnelled sockets leave the server's keeping: closed by hand. */
  private readonly sockets = new Set<{ destroy(): void }>();

  private constructor() {
    this.server = http.createServer((_request, response) => response.writeHead(405).end('CONNECT only'));
    this.server.on('connect', (request, client, head) => {
      const target = request.url ?? '';
      this.tunnels.push(target);
      if (this.refuseWith) {
        client.end(`HTTP/1.1 ${this.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const port = Number(target.split(':').pop());
      this.sockets.add(client);
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  }

  static async start(): Promise<ConnectProxy> {
    const proxy = new ConnectProxy();
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
