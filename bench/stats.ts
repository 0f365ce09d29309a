export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
