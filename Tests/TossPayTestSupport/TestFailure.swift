/// An error a helper throws when what came back cannot be used to continue a test.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
