/** The largest view Primatomic accepts (its docs: 100 MB), the default of max-size. */
export const PRIMATOMIC_LIMIT_BYTES = 100_000_000;

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses `100MB`, `512 KiB`, `1048576`; returns undefined when the text is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const factor = UNITS[(match[2] || 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.floor(Number(match[1]) * factor);
}

/** `12.5 MB (12475513 bytes)`, in the decimal units Primatomic states its limit in. */
export function formatSize(bytes: number): string {
  return bytes < 1000 ? `${bytes} bytes` : `${roundedSize(bytes)} (${bytes} bytes)`;
}

/** `12.5 MB`: the size to a tenth of its unit. */
export function roundedSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [unit, factor] = bytes >= 1000 ** 2 ? (['MB', 1000 ** 2] as const) : (['KB', 1000] as const);
  return `${(bytes / factor).toFixed(1)} ${unit}`;
}
