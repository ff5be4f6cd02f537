import Foundation

/// A JSON data island, `<script type="application/json" id="…">`, which is how a page hands
/// data to its script. Every page encodes its data here, with one encoder, so that nothing in
/// it can end the element or the script: `<`, `>`, `&`, U+2028 and U+2029 are written as
/// `\uXXXX` escapes, which JSON reads back as the same characters.
struct ScriptData: Sendable, Equatable {
    /// The element's id, which the script looks up.
    let id: String
    /// The JSON text, already safe inside the element.
    let json: String

    /// Encodes `value` as the island `id`.
    init(id: String, encoding value: some Encodable) throws {
        self.id = id
        self.json = Self.escape(String(decoding: try Self.encoder.encode(value), as: UTF8.self))
    }

    /// Keys in order, slashes as they are: the output is stable, and only ``escape(_:)``
    /// decides what is escaped for HTML.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Replaces the characters that could close the `<script>` element or, in older readers,
    /// end a JavaScript line. They can only occur inside JSON strings, where `\uXXXX` is the
    /// same character.
    static func escape(_ json: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": escaped += "\\u003c"
            case ">": escaped += "\\u003e"
            case "&": escaped += "\\u0026"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
