extension PaymentOperations {
    /// A buyer's choice in the checkout window.
    public struct CheckoutChoice: Sendable, Equatable {
        /// Toss Money or card.
        public var payMethod: PayMethod
        /// The card company, for cards.
        public var cardCompanyCode: Int?
        /// Installment months, for cards (0 = single payment).
        public var spreadOut: Int64
        /// Toss points to use, in won.
        public var points: Int64

        /// Creates a choice.
        public init(payMethod: PayMethod, cardCompanyCode: Int? = nil, spreadOut: Int64 = 0, points: Int64 = 0) {
            self.payMethod = payMethod
            self.cardCompanyCode = cardCompanyCode
            self.spreadOut = spreadOut
            self.points = points
        }
    }

    /// The buyer authenticates and picks a method: PAY_STANDBY → PAY_APPROVED. The merchant's
    /// best promotion applies first, then the points the buyer chose (at most what they hold and
    /// what is left to pay); a card must be the buyer's and meet the card rules for what is paid.
    public static func authorize(
        _ payment: Payment, userKey: String, choice: CheckoutChoice, buyer loaded: SandboxUser?, promotions: [Promotion],
        now: Int64
    ) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        guard payment.userKey == userKey else { throw TossPayError(.payUnauthorized) }
        var machine = payment.stateMachine(at: now)
        try handle(.authorize, &machine, shown: payment.effectiveStatus(at: now))
        guard payment.enablePayMethods.allows(choice.payMethod) else {
            throw TossPayError.invalidParameter("payMethod", "이 결제에서 사용할 수 없는 결제수단입니다. (\(choice.payMethod.rawValue))")
        }
        let (user, creation) = buyer(loaded, merchantId: payment.merchantId, userKey: userKey)
        try user.checkActive()
        let quote = CheckoutQuote.quote(amount: payment.amount, promotions: promotions, buyerPoints: user.points)
        // The checkout window's quote checks points by these same rules (one function).
        try quote.checkPoints(choice.points, buyerPoints: user.points)
        let paid = quote.paidAmount(points: choice.points)
        var spreadOut: Int64 = 0
        if choice.payMethod == .card {
            guard let company = choice.cardCompanyCode else {
                throw TossPayError.invalidParameter("cardCompanyCode", "카드 결제에는 카드사 코드가 필요합니다.")
            }
            _ = try user.checkCard(company: company, spreadOut: choice.spreadOut, amount: paid, installment: payment.installment)
            spreadOut = choice.spreadOut
        }
        var authorized = payment
        authorized.method = Payment.MethodChoice(
            payMethod: choice.payMethod, cardCompanyCode: choice.payMethod == .card ? choice.cardCompanyCode : nil,
            spreadOut: spreadOut, authorizedAt: now, promotionId: quote.promotion?.id, promotionAmount: quote.promotionAmount,
            pointAmount: choice.points
        )
        authorized.firstAuthenticatedAt = payment.firstAuthenticatedAt ?? now
        authorized.apply(machine)
        return (LedgerEffects(createdBuyer: creation, updatedPayments: [authorized]), authorized)
    }

    /// The buyer closes the checkout window: PAY_STANDBY / PAY_APPROVED → PAY_CANCEL. With a
    /// `userKey`, it must be the payment's buyer.
    public static func cancel(_ payment: Payment, userKey: String?, now: Int64) throws(TossPayError) -> (effects: LedgerEffects, payment: Payment) {
        if let userKey, payment.userKey != userKey { throw TossPayError(.payUnauthorized) }
        var machine = payment.stateMachine(at: now)
        try handle(.cancel, &machine, shown: payment.effectiveStatus(at: now))
        var cancelled = payment
        cancelled.apply(machine)
        cancelled.cancelledAt = now
        return (LedgerEffects(updatedPayments: [cancelled]), cancelled)
    }
}
