import Testing
import TossPayCore

/// The request inspector keeps bodies and headers only masked (SPEC §4, §9): every secret kind
/// hidden wherever it sits, card and account numbers masked, everything else untouched, and any
/// bytes at all — malformed JSON, not JSON, not UTF-8 — handled without a crash.
@Suite("Request log masking")
struct RequestLogMaskingTests {
    /// (what, body in, masked body out) for JSON bodies.
    static let jsonCases: [(String, String, String)] = [
        ("legacy body apiKey keeps its kind", #"{"apiKey":"sk_test_w5INQyINqa5INQe013Nq","amount":1000}"#, #"{"apiKey":"sk_test_****","amount":1000}"#),
        ("a live key", #"{"apiKey":"sk_live_abcdefghijklmnopqrstuvwx"}"#, #"{"apiKey":"sk_live_****"}"#),
        ("a key of another shape", #"{"apiKey":"my-own-key"}"#, #"{"apiKey":"****"}"#),
        ("new merchant keys", #"{"testApiKey":"sk_test_x1","liveApiKey":"sk_live_y2"}"#, #"{"testApiKey":"sk_test_****","liveApiKey":"sk_live_****"}"#),
        ("login tokens", #"{"tokenType":"Bearer","accessToken":"at.secret","refreshToken":"rt.secret","expiresIn":3600}"#,
         #"{"tokenType":"Bearer","accessToken":"****","refreshToken":"****","expiresIn":3600}"#),
        ("an authorization code", #"{"authorizationCode":"code123","referrer":"SANDBOX"}"#, #"{"authorizationCode":"****","referrer":"SANDBOX"}"#),
        ("callback basicAuth, nested", #"{"callback":{"url":"http://127.0.0.1/u","method":"POST","basicAuth":"user:pass"}}"#,
         #"{"callback":{"url":"http://127.0.0.1/u","method":"POST","basicAuth":"****"}}"#),
        ("the app's decryption key", #"{"decryptionKey":"a2V5a2V5","aad":"TOSS"}"#, #"{"decryptionKey":"****","aad":"TOSS"}"#),
        ("a secret that is not text", #"{"basicAuth":{"user":"u"},"apiKey":12345}"#, #"{"basicAuth":"****","apiKey":"****"}"#),
        ("a secret that is null stays null", #"{"apiKey":null}"#, #"{"apiKey":null}"#),
        ("a full card number in an array", #"{"cards":[{"cardCompanyCode":3,"cardNumber":"5433123456781234"}]}"#,
         #"{"cards":[{"cardCompanyCode":3,"cardNumber":"543312******1234"}]}"#),
        ("a card number given as a number", #"{"cardNumber":5433123456781234}"#, #"{"cardNumber":"543312******1234"}"#),
        ("a card number with dashes", #"{"cardNo":"5433-1234-5678-1234"}"#, #"{"cardNo":"543312******1234"}"#),
        ("an already masked card number stays", #"{"cardNumber":"543312******1234"}"#, #"{"cardNumber":"543312******1234"}"#),
        ("a full account number", #"{"bankAccount":{"bankCode":"092","accountNumber":"1002003004005"}}"#,
         #"{"bankAccount":{"bankCode":"092","accountNumber":"100*******005"}}"#),
        ("an already masked account number stays", #"{"accountNumber":"100*******005"}"#, #"{"accountNumber":"100*******005"}"#),
        ("member names in any case", #"{"APIKEY":"k","AccessToken":"t"}"#, #"{"APIKEY":"****","AccessToken":"****"}"#),
        ("non-secrets untouched", #"{"orderNo":"order-1","payToken":"tp123","amount":1000,"isTestPayment":true,"productDesc":"상품","x":null}"#,
         #"{"orderNo":"order-1","payToken":"tp123","amount":1000,"isTestPayment":true,"productDesc":"상품","x":null}"#),
        ("a long numeric orderNo is not a card", #"{"orderNo":"1701234567890123"}"#, #"{"orderNo":"1701234567890123"}"#),
        ("an envelope", #"{"resultType":"FAIL","error":{"errorCode":"COMMON_INVALID_API_KEY","reason":"x"}}"#,
         #"{"resultType":"FAIL","error":{"errorCode":"COMMON_INVALID_API_KEY","reason":"x"}}"#),
    ]

    @Test(arguments: jsonCases)
    func jsonBodies(what: String, body: String, expected: String) {
        let masked = RequestLogMasking.body(Array(body.utf8))
        #expect(masked.text == expected, "\(what)")
        #expect(masked.truncated == false)
        #expect(masked.json != nil, "\(what): parsed as JSON")
    }

    /// (what, body in, a secret that must be gone, text that must remain) for bodies that are not JSON.
    static let textCases: [(String, String, String, String)] = [
        ("malformed JSON with a key", #"{"apiKey": "sk_test_abcdef", "amount": 10"#, "sk_test_abcdef", #""amount": 10"#),
        ("a bare live key", "token sk_live_ABCdef123 here", "ABCdef123", "token sk_live_"),
        ("a form body", "apiKey=secret123&orderNo=o-1", "secret123", "orderNo=o-1"),
        ("a card number in text", "card 4111 1111 1111 1111 ok", "4111 1111 1111 1111", "411111******1111"),
        ("a header-like line", "Authorization: Basic c2tfdGVzdDo=\nnext", "c2tfdGVzdDo=", "next"),
        ("basicAuth in broken JSON", #"{"callback":{"basicAuth":"u:p""#, "u:p", "callback"),
    ]

    @Test(arguments: textCases)
    func textBodies(what: String, body: String, secret: String, kept: String) {
        let masked = RequestLogMasking.body(Array(body.utf8))
        #expect(masked.json == nil, "\(what): not JSON")
        #expect(!masked.text.contains(secret), "\(what): \(masked.text)")
        #expect(masked.text.contains(kept), "\(what): \(masked.text)")
    }

    @Test func emptyBodyIsEmpty() {
        #expect(RequestLogMasking.body([]) == RequestLogMasking.Body(text: "", truncated: false, json: nil))
    }

    @Test func anyBytesAreHandledWithoutACrash() {
        let inputs: [[UInt8]] = [
            [0xFF, 0xFE, 0x00, 0x7B], [0x00], Array("{\"a\":".utf8), Array("[[[[[[[[[[".utf8), Array(repeating: 0x5B, count: 10_000),
            Array("{\"apiKey\":".utf8), Array("apiKey=".utf8), Array("sk_test_".utf8), Array("1234567890123-".utf8), [0xE2, 0x82],
        ]
        for input in inputs {
            let masked = RequestLogMasking.body(input)
            #expect(!masked.text.utf8.contains(0), "NUL never kept: \(input.prefix(8))")
        }
    }

    @Test func deeperThanSixtyFourLevelsIsMaskedAsText() {
        let body = String(repeating: "[", count: 70) + #"{"apiKey":"sk_live_deep1"}"# + String(repeating: "]", count: 70)
        let masked = RequestLogMasking.body(Array(body.utf8))
        #expect(masked.json == nil)
        #expect(!masked.text.contains("deep1"))
    }

    /// Just inside the limit the body is whole; one byte over, it is cut and marked, never in the
    /// middle of a character.
    @Test func bodiesAreCutAtTheLimitOnACharacterBoundary() {
        let inside = #"{"a":"\#(String(repeating: "x", count: 24))"}"#  // 32 bytes
        #expect(RequestLogMasking.body(Array(inside.utf8), limit: 32).truncated == false)
        let cut = RequestLogMasking.body(Array(inside.utf8), limit: 31)
        #expect(cut.truncated)
        #expect(cut.text.utf8.count == 31)
        let korean = #"{"p":"가나다라"}"#  // 3-byte characters
        let halfway = RequestLogMasking.body(Array(korean.utf8), limit: 8)
        #expect(halfway.truncated)
        #expect(halfway.text == #"{"p":""#, "the partial 가 is dropped, not split")
    }

    /// (header, value in, value kept)
    static let headerCases: [(String, String, String)] = [
        ("Authorization", "Basic c2tfdGVzdF93NUlOUTo=", "Basic ****"),
        ("authorization", "Bearer eyJhbGciOi.secret", "Bearer ****"),
        ("Authorization", "c2tfdGVzdA==", "****"),
        ("Proxy-Authorization", "Basic abc", "Basic ****"),
        ("Cookie", "tosspay_console=abc.def", "****"),
        ("set-cookie", "a=b", "****"),
        ("x-toss-user-key", "buyer-1", "buyer-1"),
        ("content-type", "application/json", "application/json"),
        ("user-agent", "a\u{0}b", "a\u{FFFD}b"),
    ]

    @Test(arguments: headerCases)
    func headers(name: String, value: String, expected: String) {
        #expect(RequestLogMasking.header(name: name, value: value) == expected)
    }

    @Test func keysAreReadFromTheRequestThenTheAnswer() throws {
        let request = try JSONParser().parse(#"{"orderNo":"o-1","isTestPayment":true}"#)
        let answer = try JSONParser().parse(#"{"resultType":"SUCCESS","success":{"payToken":"tp1","orderNo":"other"}}"#)
        let keys = RequestLogKeys(request: request, response: answer, userKeyHeader: "buyer-1")
        #expect(keys == RequestLogKeys(orderNo: "o-1", payToken: "tp1", userKey: "buyer-1", errorCode: nil))

        let failed = try JSONParser().parse(#"{"resultType":"FAIL","error":{"errorCode":"COMMON_INVALID_PARAMETER","reason":"r"}}"#)
        #expect(RequestLogKeys(request: nil, response: failed, userKeyHeader: nil).errorCode == "COMMON_INVALID_PARAMETER")
        let bare = try JSONParser().parse(#"{"error":"invalid_grant"}"#)
        #expect(RequestLogKeys(request: nil, response: bare, userKeyHeader: nil).errorCode == "invalid_grant")
        let login = try JSONParser().parse(#"{"resultType":"SUCCESS","success":{"userKey":123456789}}"#)
        #expect(RequestLogKeys(request: nil, response: login, userKeyHeader: nil).userKey == "123456789")
        // Just inside and just outside the kept length; text only.
        let long = try JSONParser().parse(#"{"orderNo":"\#(String(repeating: "a", count: 100))","payToken":"\#(String(repeating: "b", count: 101))","userKey":true}"#)
        let bounded = RequestLogKeys(request: long, response: nil, userKeyHeader: "")
        #expect(bounded.orderNo?.count == 100)
        #expect(bounded.payToken == nil)
        #expect(bounded.userKey == nil)
    }
}
