/// Why a fixtures file cannot be read or one of its steps cannot be sent or was refused.
///
/// `description` names the step (`step "make": …`), so a file with many steps points at the
/// one to fix. Messages are English, like the command line's other usage errors.
public struct FixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step's name, or `fixtures[N]` for a step without a usable name; nil for the file as a whole.
    public var step: String?
    /// What is wrong.
    public var message: String

    /// An error about `step` (nil: the whole file).
    public init(step: String?, _ message: String) {
        self.step = step
        self.message = message
    }

    public var description: String {
        guard let step else { return message }
        return "step \"\(step)\": \(message)"
    }
}
