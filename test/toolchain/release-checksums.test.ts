import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RELEASE_CHECKSUMS, UNVERIFIABLE } from '../../src/toolchain/release-checksums.ts';
import { RELEASE_TOOLS } from '../../src/toolchain/release-tools.ts';
import { DEFAULT_TOOL_VERSIONS } from '../../src/toolchain/tool-versions.ts';

describe('the checksum table', () => {
  it('has a sha256 for the default version of each downloaded tool on each of its platforms, or says why not', () => {
    const uncovered: string[] = [];
    for (const tool of RELEASE_TOOLS) {
      const version = DEFAULT_TOOL_VERSIONS[tool.id];
      for (const platform of tool.platforms) {
        const known = RELEASE_CHECKSUMS[tool.name]?.[version]?.[platform];
        const explained = UNVERIFIABLE[tool.name]?.platforms.includes(platform);
        if (!known && !explained) uncovered.push(`${tool.name} ${version} on ${platform}`);
        if (known && explained)
          uncovered.push(`${tool.name} ${version} on ${platform} is both verified and unverifiable`);
      }
    }
    assert.deepEqual(uncovered, []);
  });

  it('holds sha256 values only: 64 lower-case hex digits', () => {
    for (const [tool, versions] of Object.entries(RELEASE_CHECKSUMS)) {
      for (const [version, platforms] of Object.entries(versions)) {
        for (const [platform, sha] of Object.entries(platforms)) {
          assert.match(sha, /^[0-9a-f]{64}$/, `${tool} ${version} ${platform}`);
        }
      }
    }
  });
});
