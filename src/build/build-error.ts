/** A build that could not produce the component: what failed, the command, and its output for diagnostics. */
export class BuildError extends Error {
  readonly command: string;
  readonly output: string;
  constructor(message: string, command: string, output: string) {
    super(message);
    this.name = 'BuildError';
    this.command = command;
    this.output = output;
  }
}
