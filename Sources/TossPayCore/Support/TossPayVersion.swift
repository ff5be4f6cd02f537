/// The version of tosspay: `tosspay --version` prints it and `scripts/release.sh` names the
/// release archive after it (`dist/tosspay-<version>-linux-<arch>.tar.gz`), so the two agree.
/// Change it here only.
public enum TossPayVersion {
    /// The version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.15.0"
}
