extension SandboxUser {
    /// Checks that the buyer may pay or be refunded: `INACTIVE_USER`, `PAUSE_USER`.
    public func checkActive() throws(TossPayError) {
        switch status {
        case .active: return
        case .inactive: throw TossPayError(.inactiveUser)
        case .paused: throw TossPayError(.pauseUser)
        }
    }

    /// Checks a card choice for a payment of `amount`: the buyer holds the card, the company
    /// takes payments, the 100-won card minimum and the 50,000-won installment minimum.
    public func checkCard(company: Int, spreadOut: Int64, amount: Int64, installment: InstallmentOption) throws(TossPayError) -> Card {
        guard let info = CardCompany(code: company) else {
            throw .invalidParameter("cardCompanyCode", "지원하지 않는 카드사 코드입니다. (\(company))")
        }
        guard info.isSupported else { throw TossPayError(.cardNotAvailableShop, reason: "\(info.name) 카드는 결제할 수 없습니다.") }
        guard let card = card(company: company) else {
            throw .invalidParameter("cardCompanyCode", "구매자에게 \(info.name) 카드가 없습니다.")
        }
        guard amount >= PaymentRules.cardMinimumAmount else { throw TossPayError(.cardMinAmountError) }
        guard PaymentRules.installmentMonths.contains(spreadOut) else {
            throw .invalidParameter("spreadOut", "0~\(PaymentRules.installmentMonths.upperBound) 사이여야 합니다.")
        }
        if spreadOut > 0 {
            guard installment == .use else { throw TossPayError(.cardSpreadoutError, reason: "가맹점이 할부를 허용하지 않은 결제입니다.") }
            guard card.methodType == .credit else { throw TossPayError(.cardSpreadoutError) }
            guard amount >= PaymentRules.installmentMinimumAmount else { throw TossPayError(.cardMinAmountForSpreadoutError) }
        }
        return card
    }

    /// Debits the buyer for an execute of `payment` paid with `choice`: Toss Money
    /// (auto-charged from the bank account when short) or a card. Returns the journal entries
    /// and the masked method details; throws, changing nothing, when the method refuses.
    public mutating func pay(
        _ payment: Payment, choice: Payment.MethodChoice, paidAmount: Int64, promotion: Int64, points: Int64,
        authorizationNo: String
    ) throws(TossPayError) -> (entries: [JournalEntry], card: Payment.CardDetails?, account: Payment.AccountDetails?) {
        try checkActive()
        guard points <= self.points else { throw TossPayError(.commonExceedLimit, reason: "토스 포인트가 부족합니다.") }
        var entries: [JournalEntry] = []
        let methodAccount: String
        var cardDetails: Payment.CardDetails?
        var accountDetails: Payment.AccountDetails?
        switch choice.payMethod {
        case .tossMoney:
            if tossMoneyBalance < paidAmount {
                let shortfall = paidAmount - tossMoneyBalance
                guard var account = bankAccount else { throw TossPayError(.autoChargeNotYetRegisterAccount) }
                guard account.balance >= shortfall else { throw TossPayError(.commonNotEnoughCash) }
                account.balance -= shortfall
                bankAccount = account
                tossMoneyBalance += shortfall
                entries.append(JournalEntry(kind: .charge, payToken: payment.payToken, postings: [
                    .init(JournalEntry.Account.bank(merchantId, userKey), -shortfall),
                    .init(JournalEntry.Account.money(merchantId, userKey), shortfall),
                ]))
            }
            tossMoneyBalance -= paidAmount
            methodAccount = JournalEntry.Account.money(merchantId, userKey)
            if let account = bankAccount {
                let bank = BankCode(code: account.bankCode)
                accountDetails = Payment.AccountDetails(
                    bankCode: account.bankCode, bankName: bank?.name ?? account.bankCode,
                    maskedNumber: Masking.accountNumber(account.accountNumber)
                )
            }
        case .card:
            let company = choice.cardCompanyCode ?? 0
            let card = try checkCard(company: company, spreadOut: choice.spreadOut, amount: paidAmount, installment: payment.installment)
            guard card.available >= paidAmount else {
                throw TossPayError(card.methodType == .credit ? .cardExceedLimit : .cardNotEnoughBalance)
            }
            guard let index = cards.firstIndex(where: { $0.companyCode == company }) else {
                throw .invalidParameter("cardCompanyCode", "구매자에게 해당 카드가 없습니다.")
            }
            if card.methodType == .credit {
                cards[index].used += paidAmount
            } else {
                cards[index].limit -= paidAmount
            }
            methodAccount = JournalEntry.Account.card(merchantId, userKey, company)
            cardDetails = Payment.CardDetails(
                companyCode: company, companyName: CardCompany(code: company)?.name ?? String(company),
                maskedNumber: Masking.cardNumber(card.number), binNumber: Masking.cardBin(card.number),
                last4: Masking.cardLast4(card.number), methodType: card.methodType.rawValue, userType: card.userType,
                authorizationNo: authorizationNo, spreadOut: choice.spreadOut, noInterest: false
            )
        }
        self.points -= points
        entries.append(JournalEntry(kind: .pay, payToken: payment.payToken, postings: [
            .init(methodAccount, -paidAmount),
            .init(JournalEntry.Account.points(merchantId, userKey), -points),
            .init(JournalEntry.Account.promotion(payment.merchantId), -promotion),
            .init(JournalEntry.Account.sales(payment.merchantId), payment.amount),
        ]))
        return (entries, cardDetails, accountDetails)
    }

    /// Returns a refund's parts to the buyer: the paid part to the method it came from, the
    /// points to the points balance, the promotion to the merchant's promotion account.
    public mutating func refund(_ payment: Payment, allocation: RefundAllocation, amount: Int64) -> JournalEntry {
        let choice = payment.method
        let methodAccount: String
        if choice?.payMethod == .card, let company = choice?.cardCompanyCode,
           let index = cards.firstIndex(where: { $0.companyCode == company }) {
            if cards[index].methodType == .credit {
                cards[index].used -= allocation.paid
            } else {
                cards[index].limit += allocation.paid
            }
            methodAccount = JournalEntry.Account.card(merchantId, userKey, company)
        } else {
            tossMoneyBalance += allocation.paid
            methodAccount = JournalEntry.Account.money(merchantId, userKey)
        }
        points += allocation.points
        return JournalEntry(kind: .refund, payToken: payment.payToken, postings: [
            .init(methodAccount, allocation.paid),
            .init(JournalEntry.Account.points(merchantId, userKey), allocation.points),
            .init(JournalEntry.Account.promotion(payment.merchantId), allocation.discount - allocation.points),
            .init(JournalEntry.Account.sales(payment.merchantId), -amount),
        ])
    }
}
