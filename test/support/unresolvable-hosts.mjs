// Loaded into the action's process (NODE_OPTIONS=--import) by tests: names under .invalid fail to resolve here, as a
// typo'd host does, without asking any DNS server (tests never send traffic off this machine).
import dns from 'node:dns';

const lookup = dns.lookup;
dns.lookup = function lookupWithoutInvalid(hostname, options, callback) {
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
