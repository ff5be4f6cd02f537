#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TossPayTestSupport

/// Rows of one of the project's own `reference/*.tsv` tables, header dropped, read from the
/// package root.
func referenceRows(_ name: String) throws -> [[String]] {
    let path = packageRoot() + "/reference/" + name
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let text = String(decoding: data, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
        line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }
    return lines.dropFirst().filter { !$0.isEmpty }.map { line in
        line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
}

/// The TSV writes a line break as the two characters `\n`; any other backslash is kept.
func unescapeTSV(_ text: String) -> String {
    var out = ""
    var afterBackslash = false
    for character in text {
        if afterBackslash {
            if character == "n" { out.append("\n") } else { out.append("\\"); out.append(character) }
            afterBackslash = false
        } else if character == "\\" {
            afterBackslash = true
        } else {
            out.append(character)
        }
    }
    if afterBackslash { out.append("\\") }
    return out
}
