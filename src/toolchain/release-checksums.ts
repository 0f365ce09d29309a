/**
 * sha256 of the release archives the action downloads, by tool, version and platform key. A version or platform
 * not here is refused unless the user gives its checksum (`tool-checksums`) or turns verification off
 * (`verify-checksums: false`). Refresh it when a pin in tool-versions.ts changes.
 */
export const RELEASE_CHECKSUMS: Record<string, Record<string, Record<string, string>>> = {
  'wasm-tools': {
    // taiki-e/install-action manifests/wasm-tools.json at ba47c86ac325773530516bb756137ac718732518 (2026-08-21).
    '1.257.1': {
      'x86_64-linux': 'acea0a6f71b15f3b2d394f97453398f29099cec52df93bb25741a22561639b24',
      'aarch64-linux': 'ff23fa2ed1bf46c590ebaff9ec585c941b820dd56384080466dabc61ed829178',
      'x86_64-macos': 'e35977a05d9e04b8e20208db5d2cd67031d3f782be2da763296b6a8ba13527ce',
      'aarch64-macos': '1d1ced29aa8320733a7e27452434e66f9bcb61ce39a00ee63229594d71f8544d',
      'x86_64-windows': '6d9bc36132f25a063dfb5e18bb8a025c7f8b8b01f139eb976a32081cad1c6137',
    },
    // The same manifest (also at 73792d698a486915603e1b4a92a1f80254c0c2b2).
    '1.248.0': {
      'x86_64-linux': 'dcd7d587b0f4644aabc85cd4471cb795de84f36a68ee01201d5261f87c0d6349',
      'aarch64-linux': 'cb7a3ae7a79aeb3dbcdb1d06eedea7bb45e6d5c7a21e960e14e45d582b2b9f97',
      'x86_64-macos': '188568c2990bb4c09a0936d84bfb6255199f97e4844cd45f418b59c3d6238788',
      'aarch64-macos': '4e03e9e342176a9c52e0c25b9707c7f809daeb0f4986742258c69749681efe79',
      'x86_64-windows': '09063f9c0bc07f412d58a8c1a0202260231d8a94a9dfb7b81892d517de995c1c',
    },
  },
  // cargo-component publishes no checksums and no curated manifest pins them (see UNVERIFIABLE).
  'cargo-component': {},
  // TinyGo publishes no checksums. These come from third-party build definitions that pin the official downloads
  // (0.40.1 from a Bazel module, 0.41.1 from a build script); a wrong one only makes the install refuse.
  tinygo: {
    '0.40.1': {
      'x86_64-linux': '064fc0c07f4d71f7369b168c337caa88ef32a6b00b16449cea44790ccadfc2b4',
      'aarch64-linux': '4720693b333826569d5c1ed746a735c4d1983719c95af5bdd4d9dfeaa755e933',
      'x86_64-macos': '36c9423a63f9548d142908b06c67e198d878a0fed076b8ec5dbf8a3350a73eb4',
      'aarch64-macos': 'a20841a616de3b3403e52e3789cb60c147ab52b3fe6c33b31fdffba0164ae031',
    },
    '0.41.1': {
      'x86_64-linux': 'e156d1d93a376eef639a4143d13be07e8c463fb6cf2d7d447698ed4474d23e91',
      'aarch64-linux': '789733bc3b5bace0bd1835a267b3ea267804a7ef1cfe69bc522c295f5226d624',
    },
  },
};

/**
 * The default downloads no checksum is known for, and what the action does instead: every default version of
 * every release tool has a sha256 here for each platform it publishes, or an entry below (a test holds it).
 */
export const UNVERIFIABLE: Record<string, { platforms: string[]; instead: string }> = {
  'cargo-component': {
    platforms: ['x86_64-linux', 'aarch64-linux', 'x86_64-macos', 'aarch64-macos', 'x86_64-windows'],
    instead:
      'built from crates.io with cargo install --locked, which checks every crate against the registry index; ' +
      'its release is downloaded only when tool-checksums gives its sha256',
  },
  tinygo: {
    platforms: ['x86_64-windows'],
    instead: 'not downloaded: put TinyGo on PATH (acifani/setup-tinygo), or give its sha256 in tool-checksums',
  },
};
