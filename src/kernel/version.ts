import manifest from '../../package.json' with { type: 'json' };

export const ACTION_VERSION: string = manifest.version;
const REPOSITORY = 'https://github.com/primatomic/view-action';
/** Where failures of the action (or of a tool it runs) are reported. */
export const ISSUES_URL = `${REPOSITORY}/issues`;
/** Sent with every API request, so that Primatomic can tell the action's traffic (and its version) apart. */
export const USER_AGENT = `primatomic-view-action/${ACTION_VERSION} (+${REPOSITORY}) node/${process.versions.node}`;
