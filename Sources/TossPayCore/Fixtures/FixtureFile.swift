/// A fixtures file: `{"fixtures": [step, …]}`, run in order to bring a world to a known state.
///
/// Reading checks the whole file before anything is sent: every step (``FixtureStep``), unique
/// names, and that every `${name:path}` names an earlier step. What a path finds in a response
/// is known only when the step runs (``FixtureStep/request(responses:defaults:)``).
public struct FixtureFile: Sendable, Equatable {
    /// The most steps a file may hold.
    public static let maximumSteps = 1_000
    /// The fields of the file's top-level object (`description` is a comment for the reader).
    public static let fields = ["fixtures", "description"]

    /// The steps in order.
    public let steps: [FixtureStep]

    /// Reads a file's bytes (UTF-8 JSON).
    public init(parsing bytes: [UInt8]) throws(FixtureError) {
        let json: JSONValue
        do {
            json = try JSONParser(maximumDepth: 64).parse(bytes)
        } catch {
            throw FixtureError(step: nil, "the file is not JSON: \(error.description)")
        }
        try self.init(json: json)
    }

    /// Reads a parsed file.
    public init(json: JSONValue) throws(FixtureError) {
        guard case .object(let object) = json else {
            throw FixtureError(step: nil, "the file must be an object {\"fixtures\": [...]}, not \(JSONPath.article(json.typeName))")
        }
        if let unknown = object.members.first(where: { !Self.fields.contains($0.key) }) {
            throw FixtureError(step: nil, "unknown field \"\(unknown.key)\" at the top of the file (it has \(Self.fields.joined(separator: ", ")))")
        }
        guard case .array(let items)? = object["fixtures"] else {
            throw FixtureError(step: nil, object["fixtures"] == nil ? "the file has no \"fixtures\" array" : "\"fixtures\" must be an array of steps")
        }
        guard items.count <= Self.maximumSteps else {
            throw FixtureError(step: nil, "the file holds \(items.count) steps; at most \(Self.maximumSteps) are allowed")
        }
        var steps: [FixtureStep] = []
        var positions: [String: Int] = [:]
        for (position, item) in items.enumerated() {
            let step = try FixtureStep(json: item, position: position)
            if let earlier = positions[step.name] {
                throw FixtureError(step: step.name, "the name is already used by fixtures[\(earlier)]; names are unique")
            }
            for reference in step.references where positions[reference.step] == nil {
                let why = reference.step == step.name ? "a step cannot read its own response" : "a reference names an earlier step"
                throw FixtureError(step: step.name, "unknown step \"\(reference.step)\" in \(reference): \(why)")
            }
            positions[step.name] = position
            steps.append(step)
        }
        self.steps = steps
    }
}
