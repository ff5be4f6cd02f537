import Testing
import TossPayCore

/// SPEC §8: which key may be revoked, as a table.
@Suite("Key revocation rules")
struct KeyRevocationTests {
    struct Row: Sendable, CustomStringConvertible {
        let fingerprint: String
        let active: [String]
        let caller: String?
        let expected: ErrorCode?
        let status: Int?
        let note: String
        var description: String { note }
    }

    static let published: Set<String> = ["0badf00d"]

    @Test(arguments: [
        Row(fingerprint: "aaaaaaaa", active: ["aaaaaaaa", "bbbbbbbb"], caller: "bbbbbbbb", expected: nil, status: nil, note: "another key of the merchant"),
        Row(fingerprint: "aaaaaaaa", active: ["aaaaaaaa", "bbbbbbbb"], caller: nil, expected: nil, status: nil, note: "a certificate, the console or the CLI"),
        Row(fingerprint: "cccccccc", active: ["aaaaaaaa", "bbbbbbbb"], caller: nil, expected: .transactionNotFound, status: 404, note: "unknown fingerprint"),
        Row(fingerprint: "AAAAAAAA", active: ["aaaaaaaa", "bbbbbbbb"], caller: nil, expected: .transactionNotFound, status: 404, note: "not a fingerprint's shape"),
        Row(fingerprint: "aaaa", active: ["aaaaaaaa", "bbbbbbbb"], caller: nil, expected: .transactionNotFound, status: 404, note: "too short"),
        Row(fingerprint: "0badf00d", active: ["0badf00d", "bbbbbbbb"], caller: "bbbbbbbb", expected: .commonUnauthorized, status: 403, note: "a published test key"),
        Row(fingerprint: "aaaaaaaa", active: ["aaaaaaaa"], caller: nil, expected: .commonInvalidParameter, status: 400, note: "the last active key"),
        Row(fingerprint: "aaaaaaaa", active: ["aaaaaaaa", "bbbbbbbb"], caller: "aaaaaaaa", expected: .commonInvalidParameter, status: 400, note: "the key the request used"),
    ])
    func whoMayRevokeWhat(row: Row) {
        do {
            try KeyRevocation.check(
                fingerprint: row.fingerprint, activeFingerprints: row.active, publicFingerprints: Self.published, callerFingerprint: row.caller
            )
            #expect(row.expected == nil, "\(row.note): allowed")
        } catch {
            #expect(error.code == row.expected, "\(row.note)")
            #expect(error.httpStatus == row.status, "\(row.note)")
        }
    }
}
