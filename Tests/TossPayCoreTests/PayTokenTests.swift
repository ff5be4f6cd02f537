import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §3: a payToken is unique, unguessable (≥ 128 bits of randomness), ≤ 30 characters.
@Suite("Pay token")
struct PayTokenTests {
    static let base62: Set<Character> = Set("0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz")

    @Test func aTokenIs22Base62CharactersAndAtMost30() {
        let token = PayToken.generate()
        #expect(token.count == 22)
        #expect(token.count <= 30)
        #expect(token.allSatisfy { Self.base62.contains($0) }, "\(token)")
    }

    @Test func twentyTwoBase62CharactersCarryAtLeast128Bits() {
        // 62^22 > 2^128 ⇔ 22 × log2(62) ≈ 130.99 > 128; checked without floating point:
        // 62^22 = 2^22 × 31^22 and 31^22 > 2^106 since 31^22 > 2^(22×4.95).
        var power: UInt64 = 1
        var bits = 0
        for _ in 0..<22 {
            power *= 31
            while power >= 1 << 32 { power >>= 1; bits += 1 }
        }
        while power > 1 { power >>= 1; bits += 1 }
        #expect(22 + bits >= 128)
        #expect(PayToken.length == 22)
    }

    @Test func oneThousandTokensAreAllDistinct() {
        var tokens = Set<String>()
        for _ in 0..<1_000 { tokens.insert(PayToken.generate()) }
        #expect(tokens.count == 1_000)
    }

    @Test func tokensUseTheWholeBase62Alphabet() {
        var seen = Set<Character>()
        for _ in 0..<1_000 { seen.formUnion(PayToken.generate()) }
        #expect(seen == Self.base62)
    }

    @Test func theSameSeedGivesTheSameTokenAndAnotherSeedAnother() {
        var a = SplitMix64(seed: 1)
        var b = SplitMix64(seed: 1)
        var c = SplitMix64(seed: 2)
        let first = PayToken.generate(using: &a)
        #expect(first == PayToken.generate(using: &b))
        #expect(first != PayToken.generate(using: &c))
        #expect(first != PayToken.generate(using: &a))
    }

    @Test func aGeneratedTokenHasAValidFormat() throws {
        for _ in 0..<100 { try PayToken.validateFormat(PayToken.generate()) }
    }

    @Test func aTokenOf64PrintableCharactersHasAValidFormat() throws {
        try PayToken.validateFormat(String(repeating: "t", count: 64))
        try PayToken.validateFormat("tok_-.~!#$%&'()*+,/:;<=>?@[]^`{|}")
    }

    @Test func anEmptyTokenIsRejected() {
        expectInvalidParameter("payToken") { try PayToken.validateFormat("") }
    }

    @Test func aTokenOf65CharactersIsRejected() {
        expectInvalidParameter("payToken") { try PayToken.validateFormat(String(repeating: "t", count: 65)) }
    }

    @Test(arguments: ["tok en", "토큰", "tok\u{7F}", "tok\n", "tok\u{0}", "é"])
    func aTokenWithSpacesControlOrNonASCIIIsRejected(_ token: String) {
        expectInvalidParameter("payToken") { try PayToken.validateFormat(token) }
    }

    @Test func theRejectionNamesTheGivenField() {
        expectInvalidParameter("token") { try PayToken.validateFormat("", field: "token") }
    }
}
