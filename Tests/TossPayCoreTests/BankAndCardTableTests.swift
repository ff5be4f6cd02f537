import Testing
import TossPayCore

/// SPEC §3: bank and card company codes and names come from `reference/bank-codes.tsv` and
/// `reference/card-companies.tsv`; Citi (9) is listed but not supported (SPEC §5: 1–8 and 10).
@Suite("Bank and card company tables")
struct BankAndCardTableTests {
    @Test func theBankTableIsTheTSVInOrder() throws {
        let rows = try referenceRows("bank-codes.tsv")
        try #require(!rows.isEmpty)
        #expect(BankCode.table.map(\.code) == rows.map { $0[0] })
        #expect(BankCode.table.map(\.name) == rows.map { $0[1] })
        for row in rows {
            #expect(BankCode(code: row[0])?.name == row[1], "\(row[0])")
        }
    }

    @Test func tossBankIs092() throws {
        #expect(BankCode.tossBank.code == "092")
        #expect(BankCode.tossBank.name == "토스뱅크")
        #expect(BankCode(code: "092") == BankCode.tossBank)
    }

    @Test func anUnlistedBankCodeIsNil() {
        #expect(BankCode(code: "999") == nil)
        #expect(BankCode(code: "92") == nil)
        #expect(BankCode(code: "") == nil)
    }

    @Test func theCardCompanyTableIsTheTSVInOrder() throws {
        let rows = try referenceRows("card-companies.tsv")
        try #require(!rows.isEmpty)
        #expect(CardCompany.table.map(\.code) == rows.map { Int($0[0]) ?? -1 })
        #expect(CardCompany.table.map(\.name) == rows.map { $0[1] })
        for row in rows {
            #expect(CardCompany(code: Int(row[0]) ?? -1)?.name == row[1], "\(row[0])")
        }
    }

    @Test func supportedCardCompaniesAre1To8And10() {
        #expect(CardCompany.supported.map(\.code) == [1, 2, 3, 4, 5, 6, 7, 8, 10])
    }

    @Test func citiIsListedButNotSupported() throws {
        let citi = try #require(CardCompany(code: 9))
        #expect(!citi.isSupported)
        #expect(citi.name == "씨티(미지원)")
    }

    @Test func anUnlistedCardCompanyIsNil() {
        #expect(CardCompany(code: 0) == nil)
        #expect(CardCompany(code: 11) == nil)
        #expect(CardCompany(code: -1) == nil)
    }
}
