/** The printer's sink on a runner: the runner's log, annotations and groups, through @actions/core. */
import * as core from '@actions/core';
import type { AnnotationProperties, PrinterSink } from '../printer/printer.ts';

/** @actions/core's annotation properties: ours without the rule id (the title names the rule). */
const properties = (given?: AnnotationProperties): core.AnnotationProperties | undefined => {
  if (!given) return undefined;
  const { rule: _rule, ...rest } = given;
  return rest;
};

export const RUNNER_LOG: PrinterSink = {
  info: (text) => core.info(text),
  debug: (text) => core.debug(text),
  notice: (text, given) => core.notice(text, properties(given)),
  warning: (text, given) => core.warning(text, properties(given)),
  error: (text, given) => core.error(text, properties(given)),
  group: (name, work) => core.group(name, work),
  secret: (secret) => core.setSecret(secret),
};
