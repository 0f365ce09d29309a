/**
 * The one way text reaches whoever watches the run: every line, annotation and failure goes through here, without
 * the secrets and with every workflow command made inert, since most of what is printed comes from outside
 * (servers, views, files, compilers). Where it goes is the door's choice (the runner's log through @actions/core,
 * or the terminal): each door installs its sink first. Stages never print; the pipeline and the reports do.
 */
import { inert, redact } from '../kernel/untrusted.ts';

/** Where an annotation points, and what it is titled; `rule` is the id of the rule that found it, when one did. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  rule?: string;
}

/** What a door does with what is printed. */
export interface PrinterSink {
  info(text: string): void;
  debug(text: string): void;
  notice(text: string, properties?: AnnotationProperties): void;
  warning(text: string, properties?: AnnotationProperties): void;
  error(text: string, properties?: AnnotationProperties): void;
  /** Work under a heading; `held` says whether what it gave passed (for a sink that marks the end ✔ or ✖). */
  group<T>(name: string, work: () => Promise<T>, held?: (result: T) => boolean): Promise<T>;
  /** A secret the sink must hide too (the runner masks it in its log). */
  secret?(secret: string): void;
}

const secrets: string[] = [];
let sink: PrinterSink = {
  info: (text) => process.stdout.write(`${text}\n`),
  debug: () => {},
  notice: (text) => process.stdout.write(`${text}\n`),
  warning: (text) => process.stderr.write(`warning: ${text}\n`),
  error: (text) => process.stderr.write(`error: ${text}\n`),
  group: (_name, work) => work(),
};

/** The door's sink: the runner's log, or the terminal. */
export function printTo(door: PrinterSink): void {
  sink = door;
  for (const secret of secrets) sink.secret?.(secret);
}

/** Removes a secret from everything printed here and from the job summary, and has the sink mask it. */
export function keepSecret(secret: string): void {
  if (!secret || secrets.includes(secret)) return;
  secrets.push(secret);
  sink.secret?.(secret);
}

/** Text as it may be printed: no secret, no workflow command. */
export function safe(text: string): string {
  return inert(secrets.reduce((result, secret) => redact(result, secret), text));
}

export const print = {
  info: (text: string) => sink.info(safe(text)),
  debug: (text: string) => sink.debug(safe(text)),
  notice: (text: string, properties?: AnnotationProperties) => sink.notice(safe(text), properties),
  warning: (text: string, properties?: AnnotationProperties) => sink.warning(safe(text), properties),
  error: (text: string, properties?: AnnotationProperties) => sink.error(safe(text), properties),
  group: <T>(name: string, work: () => Promise<T>, held?: (result: T) => boolean) => sink.group(safe(name), work, held),
};
