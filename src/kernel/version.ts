import manifest from '../../package.json' with { type: 'json' };

export const ACTION_VERSION: string = manifest.version;
/** Sent with every API request, so that Primatomic can tell the action's traffic (and its version) apart. */
export const USER_AGENT =
  `primatomic-view-action/${ACTION_VERSION} (+https://github.com/primatomic/view-action) ` +
  `node/${process.versions.node}`;
