extension SandboxUser {
    /// Card owner types the API knows.
    public static let cardUserTypes = ["PERSONAL", "PERSONAL_FAMILY", "CORP_PERSONAL", "CORP_PRIVATE", "CORP_COMPANY"]

    /// Each journal account of this buyer with the balance it should hold.
    public var accountBalances: [String: Int64] {
        var balances: [String: Int64] = [
            JournalEntry.Account.money(merchantId, userKey): tossMoneyBalance,
            JournalEntry.Account.points(merchantId, userKey): points,
        ]
        if let bankAccount { balances[JournalEntry.Account.bank(merchantId, userKey)] = bankAccount.balance }
        for card in cards {
            balances[JournalEntry.Account.card(merchantId, userKey, card.companyCode)] = card.methodType == .credit ? -card.used : card.limit
        }
        return balances
    }

    /// The entry that moves the journal from `previous` balances to this buyer's, balanced
    /// against `world:funding`. For a new buyer it is the opening entry.
    public func adjustmentEntry(from previous: SandboxUser?) -> JournalEntry {
        let before = previous?.accountBalances ?? [:]
        let after = accountBalances
        var postings: [JournalEntry.Posting] = []
        for account in Set(before.keys).union(after.keys).sorted() {
            let change = (after[account] ?? 0) - (before[account] ?? 0)
            if change != 0 { postings.append(.init(account, change)) }
        }
        let total = postings.reduce(0) { $0 + $1.amount }
        postings.append(.init(JournalEntry.Account.funding, -total))
        return JournalEntry(kind: .open, payToken: nil, postings: postings)
    }

    /// A buyer from a `POST /sandbox/v1/users` body. Absent fields take the standard buyer's
    /// values; `"bankAccount": null` means no linked account, `"cards": []` no cards.
    /// The buyer lives in `merchantId`'s world.
    public init(fields: FieldReader, merchantId: String) throws(TossPayError) {
        let userKey = try PaymentRules.validateUserKey(try fields.optionalString("userKey"), field: "userKey")
        var user = SandboxUser.standard(merchantId: merchantId, userKey: userKey)
        if let status = try fields.optionalEnum("status", as: Status.self) { user.status = status }
        if let money = try fields.optionalInteger("tossMoneyBalance") {
            try PaymentRules.validateAmount(money, field: "tossMoneyBalance", minimum: 0)
            user.tossMoneyBalance = money
        }
        if let points = try fields.optionalInteger("points") {
            try PaymentRules.validateAmount(points, field: "points", minimum: 0)
            user.points = points
        }
        switch fields.object["bankAccount"] {
        case nil: break
        case .null?: user.bankAccount = nil
        case .object(let object)?:
            var account = FieldReader(object: object)
            account.prefix = "bankAccount."
            let code = try account.optionalString("bankCode") ?? BankCode.tossBank.code
            guard BankCode(code: code) != nil else { throw .invalidParameter("bankAccount.bankCode", "은행 코드표에 없는 코드입니다. (\(code.prefix(10)))") }
            let number = try account.optionalString("accountNumber") ?? user.bankAccount?.accountNumber ?? "1000000000"
            guard (6...20).contains(number.count), number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidParameter("bankAccount.accountNumber", "6~20자리 숫자여야 합니다.")
            }
            let balance = try account.optionalInteger("balance") ?? SandboxUser.defaultBankBalance
            try PaymentRules.validateAmount(balance, field: "bankAccount.balance", minimum: 0)
            user.bankAccount = BankAccount(bankCode: code, accountNumber: number, balance: balance)
        case let other?:
            throw .invalidParameter("bankAccount", "객체 또는 null 이어야 합니다. (got \(other.typeName))")
        }
        switch fields.object["cards"] {
        case nil, .null?: break
        case .array(let items)?:
            guard items.count <= 20 else { throw .invalidParameter("cards", "20장 이하여야 합니다.") }
            var cards: [Card] = []
            var digits = DeterministicDigits(seed: userKey + ":cards")
            for (index, item) in items.enumerated() {
                let field = "cards[\(index)]"
                var card = try FieldReader(item)
                card.prefix = field + "."
                let code = try card.requiredInteger("cardCompanyCode")
                guard let company = CardCompany(code: Int(clamping: code)) else {
                    throw .invalidParameter("\(field).cardCompanyCode", "카드사 코드표에 없는 코드입니다. (\(code))")
                }
                guard !cards.contains(where: { $0.companyCode == company.code }) else {
                    throw .invalidParameter("\(field).cardCompanyCode", "카드사마다 카드는 한 장입니다. (\(code))")
                }
                let type = try card.optionalEnum("cardMethodType", as: Card.MethodType.self) ?? .credit
                let owner = try card.optionalString("cardUserType") ?? "PERSONAL"
                guard Self.cardUserTypes.contains(owner) else {
                    throw .invalidParameter("\(field).cardUserType", "\(Self.cardUserTypes.joined(separator: ", ")) 중 하나여야 합니다.")
                }
                let limit = try card.optionalInteger("limit") ?? SandboxUser.defaultCardLimit
                try PaymentRules.validateAmount(limit, field: "\(field).limit", minimum: 0)
                let number = try card.optionalString("cardNumber") ?? (SandboxUser.cardBin(company.code) + digits.next(10))
                guard number.count == 16, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw .invalidParameter("\(field).cardNumber", "16자리 숫자여야 합니다.")
                }
                cards.append(Card(companyCode: company.code, number: number, methodType: type, userType: owner, limit: limit))
            }
            user.cards = cards
        case let other?:
            throw .invalidParameter("cards", "배열이어야 합니다. (got \(other.typeName))")
        }
        self = user
    }
}
