/** Where a stage writes progress and warnings; main passes @actions/core's, tests a recorder or nothing. */
export interface Log {
  info(line: string): void;
  warn(message: string): void;
}

export const SILENT: Log = { info: () => {}, warn: () => {} };
