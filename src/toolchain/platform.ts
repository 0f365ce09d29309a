/** The runner's platform in the spellings release assets use. */
export interface Platform {
  /** `x86_64-linux`, `aarch64-macos`, `x86_64-windows`: the key of the checksum table. */
  key: string;
  os: 'linux' | 'macos' | 'windows';
  arch: 'x86_64' | 'aarch64';
  /** Rust's target triple, for raw-binary releases named after it. */
  rustTriple: string;
  /** Go's names, for TinyGo's archives. */
  goos: 'linux' | 'darwin' | 'windows';
  goarch: 'amd64' | 'arm64';
  exe: '' | '.exe';
}

export function currentPlatform(platform: NodeJS.Platform = process.platform, cpu: string = process.arch): Platform {
  const os =
    platform === 'darwin' ? 'macos' : platform === 'win32' ? 'windows' : platform === 'linux' ? 'linux' : undefined;
  const arch = cpu === 'x64' ? 'x86_64' : cpu === 'arm64' ? 'aarch64' : undefined;
  if (!os || !arch)
    throw new Error(`Toolchains are published for Linux, macOS and Windows on x64 and arm64, not ${platform} ${cpu}.`);
  const rustTriple =
    os === 'linux' ? `${arch}-unknown-linux-gnu` : os === 'macos' ? `${arch}-apple-darwin` : `${arch}-pc-windows-msvc`;
  return {
    key: `${arch}-${os}`,
    os,
    arch,
    rustTriple,
    goos: os === 'macos' ? 'darwin' : os,
    goarch: arch === 'x86_64' ? 'amd64' : 'arm64',
    exe: os === 'windows' ? '.exe' : '',
  };
}
