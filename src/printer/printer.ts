/**
 * The one way text reaches the runner's log: every line, annotation and failure goes through here, without the
 * secrets and with every workflow command made inert, since most of what is printed comes from outside (servers,
 * views, files, compilers). Stages never print; main, the reports and the cache steps do, through this.
 */
import * as core from '@actions/core';
import { inert, redact } from '../kernel/untrusted.ts';

const secrets: string[] = [];

/** Masks a secret in the runner's log, and removes it from everything printed here and from the job summary. */
export function keepSecret(secret: string): void {
  if (!secret) return;
  core.setSecret(secret);
  secrets.push(secret);
}

/** Text as it may be printed: no secret, no workflow command. */
export function safe(text: string): string {
  return inert(secrets.reduce((result, secret) => redact(result, secret), text));
}

export const print = {
  info: (text: string) => core.info(safe(text)),
  debug: (text: string) => core.debug(safe(text)),
  notice: (text: string, properties?: core.AnnotationProperties) => core.notice(safe(text), properties),
  warning: (text: string, properties?: core.AnnotationProperties) => core.warning(safe(text), properties),
  error: (text: string, properties?: core.AnnotationProperties) => core.error(safe(text), properties),
  fail: (text: string) => core.setFailed(safe(text)),
  group: <T>(name: string, work: () => Promise<T>) => core.group(safe(name), work),
};
