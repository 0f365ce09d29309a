/** A build that could not produce the component: what failed, the command, its output (for diagnostics), what to do. */
export class BuildError extends Error {
  readonly command: string;
  readonly output: string;
  readonly hint: string | undefined;
  constructor(message: string, command: string, output: string, hint?: string) {
    super(message);
    this.name = 'BuildError';
    this.command = command;
    this.output = output;
    this.hint = hint;
  }
}
