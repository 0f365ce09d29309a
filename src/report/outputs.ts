/**
 * The run's outputs, in one table: each output with what it says and its value from what the stages gave. The
 * action sets them for later steps (and action.yml's outputs are made from this table); the CLI's --json report
 * carries them. An output says what happened: a view that is not in the log has no name, URL or id to give, and a
 * test that did not run is `skipped`.
 */
import type { RunRecord } from './run-record.ts';

interface Output {
  description: string;
  value(record: RunRecord): string | undefined;
}

const facts = (record: RunRecord) => record.validation?.facts;
const built = (record: RunRecord) => (record.built?.ok ? record.built.result : undefined);
/** The deploy's result when the log has a view of that name (a skipped deploy, if-exists: skip, found one). */
const inLog = (record: RunRecord) => {
  const result = record.deploy?.ran ? record.deploy.result : undefined;
  return result && result.outcome !== 'failed' ? result : undefined;
};

export const OUTPUTS: Record<string, Output> = {
  language: {
    description: 'The language the view was built from (rust, go, js, ts or python), when primatomic-view built it.',
    value: ({ built }) => (built ? (built.ok ? built.result.language.id : built.language.id) : undefined),
  },
  'component-path': {
    description: 'Absolute path of the validated component (the built one when primatomic-view built it).',
    value: (record) => facts(record)?.path,
  },
  'component-size': {
    description: 'Size of the component in bytes.',
    value: (record) => {
      const stat = facts(record)?.stat;
      return stat?.kind === 'file' ? String(stat.size) : undefined;
    },
  },
  'component-sha256': {
    description: 'SHA-256 of the component, in hex.',
    value: (record) => facts(record)?.sha256,
  },
  'source-sha256': {
    description:
      'SHA-256 of what primatomic-view built the view from (its source files, the WIT, the tool versions), for ' +
      'JavaScript, TypeScript and Python builds, whose component bytes differ from build to build; the default ' +
      'view name carries it instead of component-sha256.',
    value: (record) => built(record)?.sourceDigest,
  },
  wit: {
    description: "The component's world as WIT text.",
    value: (record) => facts(record)?.wit,
  },
  conformance: {
    description: 'Result of the conformance test, passed, failed or skipped.',
    value: ({ conformance }) => (conformance ? (conformance.errors > 0 ? 'failed' : 'passed') : 'skipped'),
  },
  deployed: {
    description: 'Whether this run uploaded the view, true or false (false when it was already deployed).',
    value: ({ deploy }) => (deploy ? String(deploy.ran && deploy.result.outcome === 'deployed') : undefined),
  },
  'view-name': {
    description:
      'The name the view has in the log (view-name with its placeholders filled), when it was deployed or ' +
      'already there.',
    value: (record) => inLog(record)?.viewName,
  },
  'view-id': {
    description: "The deployed view's id, when Primatomic returns one (older API versions do not).",
    value: (record) => inLog(record)?.viewId,
  },
  'view-url': {
    description:
      'The API address of the view, when it was deployed or already there (its query endpoint is this plus ' +
      '/query).',
    value: (record) => inLog(record)?.viewUrl,
  },
};

/** Every output that has a value, by name. */
export function outputsOf(record: RunRecord): Record<string, string> {
  const values = Object.entries(OUTPUTS).map(([name, output]) => [name, output.value(record)] as const);
  return Object.fromEntries(values.filter((entry): entry is [string, string] => entry[1] !== undefined));
}
