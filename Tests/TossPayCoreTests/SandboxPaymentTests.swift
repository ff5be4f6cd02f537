import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §3 execute / refund method rules in the sandbox world (§5): Toss Money is charged from
/// the linked bank account when short; `COMMON_NOT_ENOUGH_CASH`, `CARD_EXCEED_LIMIT`,
/// `CARD_MIN_AMOUNT_ERROR` (under 100 won), `CARD_MIN_AMOUNT_FOR_SPREADOUT_ERROR` (under
/// 50,000 won), `INACTIVE_USER`, `PAUSE_USER`; a failed execute moves no money; every journal
/// entry balances.
@Suite("Sandbox user: paying and refunding")
struct SandboxPaymentTests {
    static let userKey = "buyer-1"

    static func payment(amount: Int64, installment: InstallmentOption = .use) -> Payment {
        let request = MakePaymentRequest(
            orderNo: "order-\(amount)", productDesc: "상품", amount: amount,
            taxSplit: TaxSplit(taxable: amount, taxFree: 0, vat: 0, serviceFee: 0),
            installment: installment, mode: .test
        )
        return Payment(payToken: "tok-\(amount)", merchantId: "m1", userKey: userKey, request: request, createdAt: 0, expiresAt: 900_000)
    }

    static let money = Payment.MethodChoice(payMethod: .tossMoney, authorizedAt: 0)
    static func card(_ company: Int, spreadOut: Int64 = 0) -> Payment.MethodChoice {
        Payment.MethodChoice(payMethod: .card, cardCompanyCode: company, spreadOut: spreadOut, authorizedAt: 0)
    }

    @discardableResult
    static func pay(
        _ user: inout SandboxUser, _ payment: Payment, _ choice: Payment.MethodChoice,
        promotion: Int64 = 0, points: Int64 = 0
    ) throws -> (entries: [JournalEntry], card: Payment.CardDetails?, account: Payment.AccountDetails?) {
        try user.pay(
            payment, choice: choice, paidAmount: payment.amount - promotion - points, promotion: promotion,
            points: points, authorizationNo: "00000001"
        )
    }

    /// Expects `code` and that the user did not change at all.
    static func expectRefused(
        _ code: ErrorCode, _ user: inout SandboxUser, _ payment: Payment, _ choice: Payment.MethodChoice,
        points: Int64 = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = user
        expectError(code, sourceLocation: sourceLocation) { try pay(&user, payment, choice, points: points) }
        #expect(user == before, "a refused payment changes nothing", sourceLocation: sourceLocation)
    }

    // MARK: Toss Money

    @Test func tossMoneyPaysFromTheBalanceWhenItIsEnough() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let result = try Self.pay(&user, Self.payment(amount: 300_000), Self.money)
        #expect(user.tossMoneyBalance == 700_000)
        #expect(user.bankAccount?.balance == 10_000_000)
        #expect(result.entries.map(\.kind) == [.pay])
        #expect(result.entries.allSatisfy { $0.isBalanced })
        let balances = ledgerBalances(result.entries)
        #expect(balances[JournalEntry.Account.money("m1", Self.userKey)] == -300_000)
        #expect(balances[JournalEntry.Account.sales("m1")] == 300_000)
        #expect(result.card == nil)
    }

    @Test func tossMoneyPaymentShowsTheLinkedAccountMasked() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let number = try #require(user.bankAccount?.accountNumber)
        let account = try #require(try Self.pay(&user, Self.payment(amount: 1_000), Self.money).account)
        #expect(account.bankCode == "092")
        #expect(account.bankName == "토스뱅크")
        #expect(account.maskedNumber != number)
        #expect(account.maskedNumber.hasPrefix(String(number.prefix(3))))
        #expect(account.maskedNumber.hasSuffix(String(number.suffix(3))))
        #expect(account.maskedNumber.count == number.count)
        #expect(account.maskedNumber.dropFirst(3).dropLast(3).allSatisfy { $0 == "*" })
    }

    @Test func shortTossMoneyIsChargedFromTheBankAccountFirst() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let result = try Self.pay(&user, Self.payment(amount: 1_500_000), Self.money)
        #expect(user.tossMoneyBalance == 0)
        #expect(user.bankAccount?.balance == 9_500_000)
        #expect(result.entries.map(\.kind) == [.charge, .pay])
        #expect(result.entries.allSatisfy { $0.isBalanced })
        let charge = ledgerBalances([result.entries[0]])
        #expect(charge[JournalEntry.Account.bank("m1", Self.userKey)] == -500_000)
        #expect(charge[JournalEntry.Account.money("m1", Self.userKey)] == 500_000)
    }

    @Test func tossMoneyAndTheWholeBankBalanceCanBeSpent() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        try Self.pay(&user, Self.payment(amount: 11_000_000), Self.money)
        #expect(user.tossMoneyBalance == 0)
        #expect(user.bankAccount?.balance == 0)
    }

    @Test func oneWonMoreThanMoneyAndBankIsNotEnoughCashAndChangesNothing() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        Self.expectRefused(.commonNotEnoughCash, &user, Self.payment(amount: 11_000_001), Self.money)
        #expect(user.tossMoneyBalance == 1_000_000)
        #expect(user.bankAccount?.balance == 10_000_000)
    }

    @Test func shortTossMoneyWithoutALinkedAccountIsRefusedAndChangesNothing() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.bankAccount = nil
        let before = user
        do {
            try Self.pay(&user, Self.payment(amount: 1_000_001), Self.money)
            Issue.record("paid 1,000,001 won with 1,000,000 won of Toss Money and no bank account")
        } catch {}
        #expect(user == before)
    }

    // MARK: cards

    @Test func aCreditCardPaymentUsesTheLimitAndShowsTheCardMasked() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let number = try #require(user.card(company: 1)?.number)
        let result = try Self.pay(&user, Self.payment(amount: 25_000), Self.card(1))
        #expect(user.card(company: 1)?.used == 25_000)
        #expect(user.tossMoneyBalance == 1_000_000, "a card payment leaves Toss Money alone")
        let card = try #require(result.card)
        #expect(card.companyCode == 1)
        #expect(card.companyName == "신한")
        #expect(card.maskedNumber == String(number.prefix(6)) + "******" + String(number.suffix(4)))
        #expect(card.binNumber == String(number.prefix(6)))
        #expect(card.last4 == String(number.suffix(4)))
        #expect(card.methodType == "CREDIT")
        #expect(card.authorizationNo == "00000001")
        #expect(result.account == nil)
        #expect(result.entries.map(\.kind) == [.pay])
        #expect(result.entries.allSatisfy { $0.isBalanced })
    }

    @Test func aCreditCardPaysUpToItsLimit() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        try Self.pay(&user, Self.payment(amount: 5_000_000), Self.card(2))
        #expect(user.card(company: 2)?.available == 0)
    }

    @Test func oneWonOverTheCreditLimitIsCardExceedLimitAndChangesNothing() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        Self.expectRefused(.cardExceedLimit, &user, Self.payment(amount: 5_000_001), Self.card(2))
    }

    @Test func aSecondPaymentBeyondWhatIsLeftOfTheLimitIsCardExceedLimit() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        try Self.pay(&user, Self.payment(amount: 4_999_950), Self.card(4))
        Self.expectRefused(.cardExceedLimit, &user, Self.payment(amount: 100), Self.card(4))
        try Self.pay(&user, Self.payment(amount: 100_000), Self.card(5))
    }

    static func checkCardUser(balance: Int64) -> SandboxUser {
        var user = SandboxUser.standard(merchantId: "m1", userKey: userKey)
        user.cards = [.init(companyCode: 3, number: "5433330000001234", methodType: .check, userType: "PERSONAL", limit: balance)]
        return user
    }

    @Test func aCheckCardPaysUpToItsBalance() throws {
        var user = Self.checkCardUser(balance: 10_000)
        let result = try Self.pay(&user, Self.payment(amount: 10_000), Self.card(3))
        #expect(user.card(company: 3)?.available == 0)
        #expect(result.card?.methodType == "CHECK")
        #expect(result.entries.allSatisfy { $0.isBalanced })
    }

    @Test func oneWonOverACheckCardsBalanceIsCardNotEnoughBalanceAndChangesNothing() {
        var user = Self.checkCardUser(balance: 10_000)
        Self.expectRefused(.cardNotEnoughBalance, &user, Self.payment(amount: 10_001), Self.card(3))
    }

    @Test func aCardPaymentOf99WonIsCardMinAmountError() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        Self.expectRefused(.cardMinAmountError, &user, Self.payment(amount: 99), Self.card(1))
    }

    @Test func aCardPaymentOf100WonIsAccepted() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        try Self.pay(&user, Self.payment(amount: 100), Self.card(1))
        #expect(user.card(company: 1)?.used == 100)
    }

    @Test func tossMoneyHasNoMinimum() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        try Self.pay(&user, Self.payment(amount: 1), Self.money)
        #expect(user.tossMoneyBalance == 999_999)
    }

    @Test func installmentsAt49999WonAreCardMinAmountForSpreadoutError() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        Self.expectRefused(.cardMinAmountForSpreadoutError, &user, Self.payment(amount: 49_999), Self.card(1, spreadOut: 3))
    }

    @Test func installmentsAt50000WonAreAccepted() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let result = try Self.pay(&user, Self.payment(amount: 50_000), Self.card(1, spreadOut: 3))
        #expect(result.card?.spreadOut == 3)
        #expect(user.card(company: 1)?.used == 50_000)
    }

    @Test func aSinglePaymentUnder50000WonIsAccepted() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let result = try Self.pay(&user, Self.payment(amount: 49_999), Self.card(1, spreadOut: 0))
        #expect(result.card?.spreadOut == 0)
    }

    @Test func installmentsOnAPaymentThatDoesNotAllowThemAreRefused() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        Self.expectRefused(.cardSpreadoutError, &user, Self.payment(amount: 60_000, installment: .notUse), Self.card(1, spreadOut: 2))
    }

    @Test func installmentMonthsOutsideTheRangeAreRefused() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        let before = user
        expectInvalidParameter("spreadOut") { try Self.pay(&user, Self.payment(amount: 60_000), Self.card(1, spreadOut: 25)) }
        expectInvalidParameter("spreadOut") { try Self.pay(&user, Self.payment(amount: 60_000), Self.card(1, spreadOut: -1)) }
        #expect(user == before)
    }

    @Test func citiCardsAreNotAccepted() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.cards.append(.init(companyCode: 9, number: "5499990000009999", methodType: .credit, userType: "PERSONAL", limit: 5_000_000))
        Self.expectRefused(.cardNotAvailableShop, &user, Self.payment(amount: 1_000), Self.card(9))
    }

    @Test func aCardTheBuyerDoesNotHoldOrAnUnknownCompanyIsRefused() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.cards = [user.cards[0]]
        let before = user
        expectInvalidParameter("cardCompanyCode") { try Self.pay(&user, Self.payment(amount: 1_000), Self.card(2)) }
        expectInvalidParameter("cardCompanyCode") { try Self.pay(&user, Self.payment(amount: 1_000), Self.card(11)) }
        expectInvalidParameter("cardCompanyCode") {
            try Self.pay(&user, Self.payment(amount: 1_000), Payment.MethodChoice(payMethod: .card, authorizedAt: 0))
        }
        #expect(user == before)
    }

    // MARK: buyer status

    @Test(arguments: [(SandboxUser.Status.inactive, ErrorCode.inactiveUser), (.paused, .pauseUser)])
    func aBuyerWhoIsNotActiveCannotPay(_ status: SandboxUser.Status, _ code: ErrorCode) {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.status = status
        Self.expectRefused(code, &user, Self.payment(amount: 1_000), Self.money)
        Self.expectRefused(code, &user, Self.payment(amount: 1_000), Self.card(1))
    }

    // MARK: points and promotions

    @Test func pointsAndPromotionReduceWhatTheMethodPays() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.points = 1_500
        let result = try Self.pay(&user, Self.payment(amount: 10_000), Self.money, promotion: 1_000, points: 1_000)
        #expect(user.tossMoneyBalance == 992_000)
        #expect(user.points == 500)
        #expect(result.entries.allSatisfy { $0.isBalanced })
        let balances = ledgerBalances(result.entries)
        #expect(balances[JournalEntry.Account.points("m1", Self.userKey)] == -1_000)
        #expect(balances[JournalEntry.Account.promotion("m1")] == -1_000)
        #expect(balances[JournalEntry.Account.sales("m1")] == 10_000)
    }

    @Test func usingMorePointsThanHeldIsRefusedAndChangesNothing() {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.points = 1_000
        Self.expectRefused(.commonExceedLimit, &user, Self.payment(amount: 10_000), Self.money, points: 1_001)
    }

    // MARK: refunds

    @Test func aTossMoneyRefundReturnsThePaidPartToTossMoney() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        var payment = Self.payment(amount: 10_000)
        payment.method = Self.money
        try Self.pay(&user, payment, Self.money, promotion: 1_000)
        #expect(user.tossMoneyBalance == 991_000)
        let entry = user.refund(payment, allocation: RefundAllocation(paid: 3_600, discount: 400, points: 0), amount: 4_000)
        #expect(user.tossMoneyBalance == 994_600)
        #expect(user.bankAccount?.balance == 10_000_000)
        #expect(entry.kind == .refund)
        #expect(entry.isBalanced)
        let balances = ledgerBalances([entry])
        #expect(balances[JournalEntry.Account.money("m1", Self.userKey)] == 3_600)
        #expect(balances[JournalEntry.Account.promotion("m1")] == 400)
        #expect(balances[JournalEntry.Account.sales("m1")] == -4_000)
    }

    @Test func aCreditCardRefundGivesTheLimitBack() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        var payment = Self.payment(amount: 70_000)
        payment.method = Self.card(6)
        try Self.pay(&user, payment, Self.card(6))
        let entry = user.refund(payment, allocation: RefundAllocation(paid: 70_000, discount: 0, points: 0), amount: 70_000)
        #expect(user.card(company: 6)?.used == 0)
        #expect(user.tossMoneyBalance == 1_000_000)
        #expect(entry.isBalanced)
    }

    @Test func aCheckCardRefundGivesTheBalanceBack() throws {
        var user = Self.checkCardUser(balance: 10_000)
        var payment = Self.payment(amount: 8_000)
        payment.method = Self.card(3)
        try Self.pay(&user, payment, Self.card(3))
        #expect(user.card(company: 3)?.available == 2_000)
        _ = user.refund(payment, allocation: RefundAllocation(paid: 5_000, discount: 0, points: 0), amount: 5_000)
        #expect(user.card(company: 3)?.available == 7_000)
    }

    @Test func aRefundReturnsPointsToThePointsBalance() throws {
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.points = 2_000
        var payment = Self.payment(amount: 10_000)
        payment.method = Self.money
        try Self.pay(&user, payment, Self.money, points: 2_000)
        let entry = user.refund(payment, allocation: RefundAllocation(paid: 8_000, discount: 2_000, points: 2_000), amount: 10_000)
        #expect(user.points == 2_000)
        #expect(user.tossMoneyBalance == 1_000_000)
        #expect(entry.isBalanced)
    }

    // MARK: the journal

    /// Random payments and refunds over several buyers: every entry balances, the whole journal
    /// sums to zero, and each buyer account's journal balance equals the buyer's balance.
    @Test(arguments: [3, 17, 4_242] as [UInt64])
    func theJournalAlwaysBalancesAndMatchesTheBuyersBalances(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var user = SandboxUser.standard(merchantId: "m1", userKey: Self.userKey)
        user.points = 20_000
        var journal = [user.openingEntry]
        var paid: [(Payment, Int64, Int64, Int64)] = []  // payment, remaining paid, promotion, points
        for step in 0..<200 {
            if paid.isEmpty || Int.random(in: 0..<3, using: &random) > 0 {
                let amount = Int64.random(in: 1...3_000_000, using: &random)
                let choice = Bool.random(using: &random) ? Self.money : Self.card([1, 2, 3, 4, 5, 6, 7, 8, 10][Int.random(in: 0..<9, using: &random)])
                let promotion = Int64.random(in: 0...min(amount / 10, 5_000), using: &random)
                let points = min(user.points, Int64.random(in: 0...1_000, using: &random), amount - promotion)
                var payment = Self.payment(amount: amount)
                payment.payToken = "tok-\(step)"
                payment.method = choice
                let before = user
                do {
                    let result = try Self.pay(&user, payment, choice, promotion: promotion, points: points)
                    journal += result.entries
                    paid.append((payment, amount - promotion - points, promotion, points))
                } catch {
                    #expect(user == before, "a refused payment changes nothing (step \(step): \(error))")
                }
            } else {
                let index = Int.random(in: 0..<paid.count, using: &random)
                let (payment, remainingPaid, remainingPromotion, remainingPoints) = paid[index]
                let left = remainingPaid + remainingPromotion + remainingPoints
                let amount = Int64.random(in: 1...left, using: &random)
                let allocation = RefundAllocation.allocate(
                    amount: amount, remainingPaid: remainingPaid, remainingPromotion: remainingPromotion, remainingPoints: remainingPoints
                )
                journal.append(user.refund(payment, allocation: allocation, amount: amount))
                let rest = (remainingPaid - allocation.paid, remainingPromotion - (allocation.discount - allocation.points), remainingPoints - allocation.points)
                if rest.0 + rest.1 + rest.2 == 0 { paid.remove(at: index) } else { paid[index] = (payment, rest.0, rest.1, rest.2) }
            }
        }
        for entry in journal { #expect(entry.isBalanced, "\(entry.kind) \(entry.payToken ?? "-")") }
        let balances = ledgerBalances(journal)
        #expect(balances.values.reduce(0, +) == 0)
        #expect(balances[JournalEntry.Account.money("m1", Self.userKey), default: 0] == user.tossMoneyBalance)
        #expect(balances[JournalEntry.Account.bank("m1", Self.userKey), default: 0] == user.bankAccount?.balance)
        #expect(balances[JournalEntry.Account.points("m1", Self.userKey), default: 0] == user.points)
        for card in user.cards {
            #expect(balances[JournalEntry.Account.card("m1", Self.userKey, card.companyCode), default: 0] == -card.used, "card \(card.companyCode)")
            #expect(card.used >= 0 && card.used <= card.limit)
        }
        #expect(user.tossMoneyBalance >= 0 && (user.bankAccount?.balance ?? 0) >= 0 && user.points >= 0)
    }
}
