/**
 * Tests whose stand-ins are POSIX shell scripts (tools faked as `#!/bin/sh` files, `sleep`, `tar`, `openssl`): they
 * are skipped on Windows runners, where the code they test is covered by the platform-injected tests instead.
 */
export const POSIX_ONLY = process.platform === 'win32' && 'its stand-in tools are POSIX shell scripts';
