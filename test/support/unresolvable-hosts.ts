// Loaded into the action's process (NODE_OPTIONS=--import) by tests: names under .invalid fail to resolve here, as a
// typo'd host does, without asking any DNS server (tests never send traffic off this machine).
import dns from 'node:dns';

// biome-ignore lint/suspicious/noExplicitAny: the original, called with whatever arguments it was given.
const lookup = dns.lookup as any;
// biome-ignore lint/suspicious/noExplicitAny: a stand-in for dns.lookup, with all of its overloads.
(dns as any).lookup = function lookupWithoutInvalid(this: unknown, hostname: string, options: any, callback: any) {
  const done = typeof options === 'function' ? options : callback;
  if (String(hostname).endsWith('.invalid')) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      hostname,
      syscall: 'getaddrinfo',
    });
    process.nextTick(done, error);
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
