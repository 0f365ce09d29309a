/** What a view gets for each import: Primatomic links none, so every call fails, naming what was called. */
export class ImportCalledError extends Error {
  override name = 'ImportCalledError';
}

/** An imported interface whose every function throws, naming itself in WIT's spelling. */
export function trappingInterface(interfaceName: string): object {
  const trap = (member: string) => {
    const fn = () => {
      throw new ImportCalledError(
        `the view called ${interfaceName}#${kebab(member)}, and Primatomic provides no imports`,
      );
    };
    return new Proxy(fn, {
      get: (target, property) => (property === 'prototype' ? target.prototype : trap(`${member}.${String(property)}`)),
    });
  };
  return new Proxy({}, { get: (_, property) => (typeof property === 'string' ? trap(property) : undefined) });
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
