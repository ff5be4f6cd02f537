import Foundation
import Testing
import TossPayServer
import TossPayTestSupport

/// SPEC §3 execute: cashReceiptMgtKey for Toss Money with cashReceipt, and the card sales slip
/// behind salesCheckLinkUrl (HTML, Korean, masked).
@Suite("Cash receipts and sales slips")
struct ReceiptTests {
    @Test func aCashReceiptIsIssuedForTossMoneyOnly() async throws {
        try await withTestServer { server in
            let ledger = try #require(server.ledger)
            let key = newUserKey()
            let (money, executed) = try await server.paid(
                amount: 10_000, extra: ["cashReceipt": true, "cashReceiptTradeOption": "CULTURE"], userKey: key
            )
            let receiptKey = try #require(executed["cashReceiptMgtKey"].string, "\(executed)")
            #expect(!receiptKey.isEmpty)
            let stored = try await ledger.checkoutView(payToken: money).payment
            #expect(stored.cashReceipt)
            #expect(stored.cashReceiptTradeOption.rawValue == "CULTURE")
            // The refund answers with the same key.
            let refund = try await server.refund(payToken: money, amount: 1_000, userKey: key).requireSuccess()
            #expect(refund["cashReceiptMgtKey"].string == receiptKey)

            let (card, cardExecuted) = try await server.paid(
                amount: 10_000, payMethod: "CARD", cardCompanyCode: 1, extra: ["cashReceipt": true, "cashReceiptTradeOption": "PUBLIC_TP"], userKey: key
            )
            #expect(cardExecuted["cashReceiptMgtKey"].isNull)
            #expect(try await ledger.checkoutView(payToken: card).payment.cashReceiptTradeOption.rawValue == "PUBLIC_TP")

            let (plain, without) = try await server.paid(amount: 10_000, userKey: key)
            #expect(without["cashReceiptMgtKey"].isNull)
            let plainPayment = try await ledger.checkoutView(payToken: plain).payment
            #expect(!plainPayment.cashReceipt)
            #expect(plainPayment.cashReceiptTradeOption.rawValue == "GENERAL")

            // Each receipt key is its own.
            let (_, another) = try await server.paid(amount: 10_000, extra: ["cashReceipt": true], userKey: key)
            let anotherKey = try #require(another["cashReceiptMgtKey"].string)
            #expect(anotherKey != receiptKey)
        }
    }

    @Test func theSalesSlipIsAKoreanPageWithTheMaskedCardNumber() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let fullNumber = "5412345678909876"
            try await server.createUser(["userKey": key, "cards": [["cardCompanyCode": 4, "cardMethodType": "CHECK", "limit": 100_000, "cardNumber": fullNumber]]])
            let (token, executed) = try await server.paid(amount: 12_000, payMethod: "CARD", cardCompanyCode: 4, userKey: key)
            #expect(executed["cardNumber"].string == "541234******9876")
            let link = try #require(executed["salesCheckLinkUrl"].string)
            let url = try #require(URL(string: link))
            #expect(url.path == "/sales-check/\(token)")

            let page = try await server.get(url.path)
            #expect(page.status == .ok)
            #expect(page.contentType?.lowercased().hasPrefix("text/html") == true, "\(page.contentType ?? "none")")
            #expect(page.text.contains("매출전표"))
            #expect(page.text.contains("541234******9876"))
            #expect(page.text.contains("국민"))
            #expect(page.text.contains("12,000"))
            #expect(!page.text.contains(fullNumber), "the full card number must never appear")
            #expect(!page.text.contains("5412345678"))

            // The same link shows in status.
            let status = try await server.status(payToken: token, userKey: key).requireSuccess()
            let card = try #require(status["card"].object)
            #expect(card["salesCheckLinkUrl"].string == link)
            let buyer = try await server.get("/sandbox/v1/users/\(key)")
            #expect(!buyer.text.contains(fullNumber))
        }
    }

    @Test func thereIsNoSalesSlipWithoutACardPayment() async throws {
        try await withTestServer { server in
            let key = newUserKey()
            let (money, executed) = try await server.paid(amount: 5_000, userKey: key)
            #expect(executed["salesCheckLinkUrl"].isNull)
            let unpaid = try await server.authorizedPayToken(amount: 5_000, payMethod: "CARD", cardCompanyCode: 1, userKey: key)
            for path in ["/sales-check/\(money)", "/sales-check/\(unpaid)", "/sales-check/doesNotExist123", "/sales-check/%3Cscript%3E"] {
                let page = try await server.get(path)
                #expect(page.status == .notFound, "\(path): \(page.status)")
                #expect(page.contentType?.lowercased().hasPrefix("text/html") == true, "\(path): \(page.contentType ?? "none")")
                #expect(page.text.contains("매출전표"), "\(path)")
                #expect(!page.text.contains("<script>"))
            }
        }
    }
}
