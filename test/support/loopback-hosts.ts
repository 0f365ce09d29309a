// Names under .test resolve to 127.0.0.1 in this process, so that a loopback server can stand for a remote host
// (one a proxy applies to) without any DNS server being asked.
import dns from 'node:dns';

// biome-ignore lint/suspicious/noExplicitAny: the original, called with whatever arguments it was given.
const lookup = dns.lookup as any;
// biome-ignore lint/suspicious/noExplicitAny: a stand-in for dns.lookup, with all of its overloads.
(dns as any).lookup = function lookupTestHosts(this: unknown, hostname: string, options: any, callback: any) {
  const done = typeof options === 'function' ? options : callback;
  if (String(hostname).endsWith('.test')) {
    const all = typeof options === 'object' && options?.all;
    process.nextTick(done, null, all ? [{ address: '127.0.0.1', family: 4 }] : '127.0.0.1', 4);
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
