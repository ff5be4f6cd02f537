/// What `console-sign-in.mustache` shows.
struct ConsoleSignInView: Sendable {
    /// Whether the sandbox merchant may sign in without a key.
    let openMode: Bool
    /// Why the last sign-in failed.
    let error: String?
}
