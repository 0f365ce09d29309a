/** The deploy stage, loaded only when a run deploys: the upload, and the check of what the service then serves. */
export { deployView } from './deploy.ts';
export { verifyDeployedView } from './verify.ts';
