/// A buyer in the sandbox world: Toss Money, a linked bank account, points and cards.
public struct SandboxUser: Sendable, Equatable, Codable {
    /// ACTIVE, INACTIVE or PAUSED.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active = "ACTIVE"
        case inactive = "INACTIVE"
        case paused = "PAUSED"
    }

    /// A linked charge account.
    public struct BankAccount: Sendable, Equatable, Codable {
        /// From `bank-codes.tsv`.
        public var bankCode: String
        /// Full number; only ever shown masked.
        public var accountNumber: String
        /// Won in the account.
        public var balance: Int64

        /// Creates an account.
        public init(bankCode: String, accountNumber: String, balance: Int64) {
            self.bankCode = bankCode
            self.accountNumber = accountNumber
            self.balance = balance
        }
    }

    /// A card.
    public struct Card: Sendable, Equatable, Codable {
        /// CREDIT, CHECK or PREPAYMENT.
        public enum MethodType: String, Sendable, Codable, CaseIterable {
            case credit = "CREDIT"
            case check = "CHECK"
            case prepayment = "PREPAYMENT"
        }

        /// Card company code, 1–10.
        public var companyCode: Int
        /// The number as kept: `BIN6 + "******" + last4` (16 characters). The middle six digits
        /// of a number given in full are dropped when the card is made (SPEC §8, "Data kept
        /// small"); a stored record with a full number is masked when it is read.
        public var number: String
        /// CREDIT, CHECK or PREPAYMENT.
        public var methodType: MethodType
        /// PERSONAL, PERSONAL_FAMILY, CORP_PERSONAL, CORP_PRIVATE or CORP_COMPANY.
        public var userType: String
        /// Credit cards: the limit. Check and prepaid cards: the balance.
        public var limit: Int64
        /// Credit cards: what is used of the limit. Always 0 for the others.
        public var used: Int64

        /// Creates a card; a full `number` is kept masked (`Masking.cardNumber`).
        public init(companyCode: Int, number: String, methodType: MethodType, userType: String, limit: Int64, used: Int64 = 0) {
            self.companyCode = companyCode
            self.number = Masking.cardNumber(number)
            self.methodType = methodType
            self.userType = userType
            self.limit = limit
            self.used = used
        }

        /// Decodes a stored card under the same keys as ever; a full number in an old record
        /// is masked here too, so it never reaches the rest of the program.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                companyCode: try container.decode(Int.self, forKey: .companyCode),
                number: try container.decode(String.self, forKey: .number),
                methodType: try container.decode(MethodType.self, forKey: .methodType),
                userType: try container.decode(String.self, forKey: .userType),
                limit: try container.decode(Int64.self, forKey: .limit),
                used: try container.decode(Int64.self, forKey: .used)
            )
        }

        /// What can still be charged.
        public var available: Int64 { limit - used }
    }

    /// The merchant whose world the buyer lives in: a userKey names a buyer within one merchant,
    /// as Toss login's userKey is per mini-app (SPEC §5).
    public var merchantId: String
    /// The Toss login userKey.
    public var userKey: String
    /// Whether the buyer may pay.
    public var status: Status
    /// Toss Money, in won.
    public var tossMoneyBalance: Int64
    /// Toss points, in won.
    public var points: Int64
    /// The charge account, if linked.
    public var bankAccount: BankAccount?
    /// Cards, at most one per company.
    public var cards: [Card]

    /// Creates a buyer.
    public init(
        merchantId: String, userKey: String, status: Status, tossMoneyBalance: Int64, points: Int64, bankAccount: BankAccount?, cards: [Card]
    ) {
        self.merchantId = merchantId
        self.userKey = userKey
        self.status = status
        self.tossMoneyBalance = tossMoneyBalance
        self.points = points
        self.bankAccount = bankAccount
        self.cards = cards
    }

    /// Toss Money a new default buyer holds.
    public static let defaultTossMoney: Int64 = 1_000_000
    /// Won in a new default buyer's Toss Bank account.
    public static let defaultBankBalance: Int64 = 10_000_000
    /// The limit of each of a new default buyer's credit cards.
    public static let defaultCardLimit: Int64 = 5_000_000

    /// The buyer an unknown userKey becomes on first use, always the same for the same key:
    /// 1,000,000 won of Toss Money, a Toss Bank (092) account holding 10,000,000 won, and a
    /// personal credit card with a 5,000,000-won limit from every supported company. The numbers
    /// depend on the userKey only, so one person looks the same in every merchant's world.
    public static func standard(merchantId: String, userKey: String) -> SandboxUser {
        var digits = DeterministicDigits(seed: userKey)
        let account = BankAccount(bankCode: BankCode.tossBank.code, accountNumber: "100" + digits.next(9), balance: defaultBankBalance)
        let cards = CardCompany.supported.map { company in
            Card(
                companyCode: company.code, number: cardBin(company.code) + digits.next(10), methodType: .credit,
                userType: "PERSONAL", limit: defaultCardLimit
            )
        }
        return SandboxUser(
            merchantId: merchantId, userKey: userKey, status: .active, tossMoneyBalance: defaultTossMoney, points: 0, bankAccount: account, cards: cards)
    }

    /// A made-up but stable six-digit BIN per company.
    public static func cardBin(_ companyCode: Int) -> String {
        String(540_000 + companyCode * 1_111)
    }

    /// The journal entry that opens this buyer's balances from `world:funding`.
    public var openingEntry: JournalEntry { adjustmentEntry(from: nil) }

    /// The card of a company, if the buyer has one.
    public func card(company: Int) -> Card? {
        cards.first { $0.companyCode == company }
    }
}

/// Digits derived from a seed with FNV-1a and a linear congruential step: the same key always
/// gives the same account and card numbers.
struct DeterministicDigits {
    var state: UInt64

    init(seed: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        state = hash
    }

    /// A number of `count` decimal digits (leading zeros allowed).
    mutating func number(_ count: Int) -> Int {
        var value = 0
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            value = value * 10 + Int((state >> 33) % 10)
        }
        return value
    }

    mutating func next(_ count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.append(Character(Unicode.Scalar(UInt8(48 + (state >> 33) % 10))))
        }
        return text
    }
}
