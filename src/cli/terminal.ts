/**
 * The printer's sink in a terminal: findings in the form compilers use (`path:line:col: error[rule]: message`, then
 * `= help: …`), each stage's progress with its elapsed time (a spinner only on an interactive terminal outside CI;
 * plain lines otherwise), colours unless NO_COLOR says not (FORCE_COLOR forces them). The tools' own output is
 * shown with --verbose; debug lines with --debug.
 */
import path from 'node:path';
import type { AnnotationProperties, PrinterSink } from '../printer/printer.ts';

export interface TerminalOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  debug: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function colours(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

export class Terminal implements PrinterSink {
  readonly #out: TerminalOptions['stream'];
  readonly #colour: boolean;
  readonly #spin: boolean;
  readonly #verbose: boolean;
  readonly #debug: boolean;
  #spinner: { title: string; since: number; timer: NodeJS.Timeout; frame: number } | undefined;
  /** Counts of what was found, for the last line. */
  readonly counts = { error: 0, warning: 0 };

  constructor(options: TerminalOptions) {
    this.#out = options.stream;
    this.#colour = colours(options.env, options.stream.isTTY);
    this.#spin = Boolean(options.stream.isTTY) && !options.env.CI;
    this.#verbose = options.verbose;
    this.#debug = options.debug;
  }

  paint(code: number, text: string): string {
    return this.#colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  /** A line, above the spinner when one turns. */
  line(text: string): void {
    this.#clearSpinner();
    this.#out.write(`${text}\n`);
    this.#drawSpinner();
  }

  info(text: string): void {
    if (this.#verbose) this.line(this.paint(2, text));
  }

  debug(text: string): void {
    if (this.#debug) this.line(this.paint(2, `debug: ${text}`));
  }

  notice(text: string, properties?: AnnotationProperties): void {
    this.line(this.#finding('note', 36, text, properties));
  }

  warning(text: string, properties?: AnnotationProperties): void {
    this.counts.warning++;
    this.line(this.#finding('warning', 33, text, properties));
  }

  error(text: string, properties?: AnnotationProperties): void {
    this.counts.error++;
    this.line(this.#finding('error', 31, text, properties));
  }

  async group<T>(name: string, work: () => Promise<T>, held?: (result: T) => boolean): Promise<T> {
    const since = Date.now();
    if (this.#spin) {
      this.#spinner = { title: name, since, frame: 0, timer: setInterval(() => this.#tick(), 100) };
      this.#spinner.timer.unref();
      this.#drawSpinner();
    } else this.line(`${this.paint(2, '▸')} ${name}`);
    const errorsBefore = this.counts.error;
    let ok = false;
    try {
      const result = await work();
      ok = held ? held(result) : this.counts.error === errorsBefore;
      return result;
    } finally {
      if (this.#spinner) clearInterval(this.#spinner.timer);
      this.#clearSpinner();
      this.#spinner = undefined;
      const seconds = ((Date.now() - since) / 1000).toFixed(1);
      this.line(`${ok ? this.paint(32, '✔') : this.paint(31, '✖')} ${name} ${this.paint(2, `(${seconds} s)`)}`);
    }
  }

  /** `path:line:col: error[rule]: message`, then the hint as `= help: …` (rustc's form). */
  #finding(level: string, colour: number, text: string, properties?: AnnotationProperties): string {
    const [message, ...rest] = text.split('\nWhat to do: ');
    const where = properties?.file
      ? `${path.normalize(properties.file)}${properties.startLine ? `:${properties.startLine}:1` : ''}: `
      : '';
    const tag = properties?.rule ? `${level}[${properties.rule}]` : level;
    const head = `${where}${this.paint(1, this.paint(colour, tag))}: ${message}`;
    const hint = rest.join('\nWhat to do: ');
    return hint ? `${head}\n  ${this.paint(36, '= help:')} ${hint}` : head;
  }

  #tick(): void {
    if (!this.#spinner) return;
    this.#spinner.frame = (this.#spinner.frame + 1) % SPINNER.length;
    this.#clearSpinner();
    this.#drawSpinner();
  }

  #drawSpinner(): void {
    if (!this.#spinner) return;
    const seconds = ((Date.now() - this.#spinner.since) / 1000).toFixed(1);
    const { title, frame } = this.#spinner;
    this.#out.write(`${this.paint(36, SPINNER[frame]!)} ${title} ${this.paint(2, `${seconds} s`)}`);
  }

  #clearSpinner(): void {
    if (this.#spinner) this.#out.write('\r\u001b[2K');
  }
}
