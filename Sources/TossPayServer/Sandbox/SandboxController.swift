import Foundation
import Hummingbird
import TossPayCore
import TossPayStorage

/// Sandbox controls under `/sandbox/v1/` (SPEC §5), same envelope as the partner API:
/// merchants, checkout without a browser, the clock, buyers, promotions, bank maintenance and
/// settlement runs. Every control but merchant creation acts on the caller's world only (its key
/// or certificate; open mode without credentials: the sandbox merchant), SPEC §8.
struct SandboxController: Sendable {
    let ledger: PaymentLedger
    let authenticator: MerchantAuthenticator

    func addRoutes(to router: Router<TossPayRequestContext>) {
        let group = router.group("sandbox/v1")
        group.post("merchants", use: createMerchant)
        group.post("checkout/authorize", use: authorize)
        group.post("checkout/cancel", use: cancel)
        group.get("clock", use: clock)
        group.post("clock/advance", use: advanceClock)
        group.get("users/:userKey", use: user)
        group.post("users", use: saveUser)
        group.post("merchants/:merchantId/promotions", use: createPromotion)
        group.get("merchants/:merchantId/promotions", use: listPromotions)
        group.delete("merchants/:merchantId/promotions/:promotionId", use: deletePromotion)
        group.get("bank-maintenance", use: bankMaintenance)
        group.put("bank-maintenance", use: setBankMaintenance)
        group.post("settlements/run", use: runSettlement)
    }

    /// `POST /sandbox/v1/merchants {"name"}` → merchantId and both API keys, shown this once.
    @Sendable func createMerchant(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let name = try fields.requiredString("name")
        try PaymentRules.validateName(name)
        let merchant = Merchant(id: "m_" + RandomText.base62(20), name: name, createdAt: ledger.now())
        let keys = MerchantAuthenticator.newKeyPair()
        try await ledger.createMerchant(merchant, keys: keys.hashes)
        return Envelope.success([
            "merchantId": .string(merchant.id),
            "name": .string(merchant.name),
            "testApiKey": .string(keys.test),
            "liveApiKey": .string(keys.live),
        ])
    }


    /// `POST /sandbox/v1/checkout/authorize` — the buyer confirms in the checkout window; a
    /// payment of another merchant than the caller is `TRANSACTION_NOT_FOUND`, like an unknown one.
    @Sendable func authorize(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let userKey = try PaymentRules.validateUserKey(request.headers[.init("x-toss-user-key")!])
        let token = try Self.payToken(fields, context)
        let payment = try await ledger.authorize(
            payToken: token, userKey: userKey, choice: try Self.checkoutChoice(fields), merchantId: merchant.id
        )
        return Envelope.success(Self.checkoutResult(payment))
    }

    /// The buyer's choice in an authorize body: `payMethod`, and for cards `cardCompanyCode`
    /// and `spreadOut`; `points` for either.
    static func checkoutChoice(_ fields: FieldReader) throws -> PaymentLedger.CheckoutChoice {
        guard let method = try fields.optionalEnum("payMethod", as: PayMethod.self) else {
            throw TossPayError.invalidParameter("payMethod", "필수 값입니다. (TOSS_MONEY 또는 CARD)")
        }
        let company = method == .card ? try fields.optionalInteger("cardCompanyCode") : nil
        let spreadOut = method == .card ? try fields.optionalInteger("spreadOut") ?? 0 : 0
        let points = try fields.optionalInteger("points") ?? 0
        try PaymentRules.validateAmount(points, field: "points", minimum: 0)
        if let company, !(1...99).contains(company) {
            throw TossPayError.invalidParameter("cardCompanyCode", "지원하지 않는 카드사 코드입니다. (\(company))")
        }
        return .init(payMethod: method, cardCompanyCode: company.map { Int($0) }, spreadOut: spreadOut, points: points)
    }

    /// `POST /sandbox/v1/checkout/cancel {payToken}` — the buyer closes the window.
    @Sendable func cancel(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let header = request.headers[.init("x-toss-user-key")!]
        let userKey = try header.map { header throws(TossPayError) in try PaymentRules.validateUserKey(header) }
        let token = try Self.payToken(fields, context)
        let payment = try await ledger.cancel(payToken: token, userKey: userKey, merchantId: merchant.id)
        return Envelope.success(Self.checkoutResult(payment))
    }

    /// The body's payToken; on the checkout window's own routes it must be the one in the path.
    static func payToken(_ fields: FieldReader, _ context: TossPayRequestContext) throws -> String {
        let token = try fields.requiredString("payToken")
        try PayToken.validateFormat(token)
        if let path = context.parameters.get("payToken"), path != token {
            throw TossPayError.invalidParameter("payToken", "결제창 주소의 payToken 과 다릅니다.")
        }
        return token
    }

    static func checkoutResult(_ payment: Payment) -> JSONObject {
        [
            "payToken": .string(payment.payToken),
            "payStatus": .string(payment.status.rawValue),
            "payMethod": .optional(payment.method?.payMethod.rawValue),
            "cardCompanyCode": .optional(payment.method?.cardCompanyCode.map { Int64($0) }),
            "spreadOut": .optional(payment.method.map { $0.spreadOut }),
            "promotionAmount": .int(payment.method?.promotionAmount ?? 0),
            "pointAmount": .int(payment.method?.pointAmount ?? 0),
        ]
    }

    /// `GET /sandbox/v1/clock` — the caller's merchant's clock.
    @Sendable func clock(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        return Envelope.success(try await clockJSON(merchantId: merchant.id))
    }

    func clockJSON(merchantId: String) async throws -> JSONObject {
        let clock = try await ledger.clock(merchantId: merchantId)
        return [
            "now": .string(KoreaTime.format(milliseconds: clock.now)),
            "epochMillis": .int(clock.now),
            "offsetSeconds": .int(clock.offsetMillis / 1000),
        ]
    }

    /// The longest single clock advance: ten years.
    static let maximumAdvanceSeconds: Int64 = 10 * 366 * 86_400

    /// `POST /sandbox/v1/clock/advance {"seconds"}` — moves the caller's merchant's clock forward;
    /// no other merchant's time moves.
    @Sendable func advanceClock(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let seconds = try fields.requiredInteger("seconds")
        guard (1...Self.maximumAdvanceSeconds).contains(seconds) else {
            throw TossPayError.invalidParameter("seconds", "1 이상 \(Self.maximumAdvanceSeconds) 이하여야 합니다. (\(seconds))")
        }
        // Times are written yyyy-MM-dd: the clock stops short of the year 10000.
        let latest: Int64 = 253_402_268_399_000 - KoreaTime.offsetSeconds * 1000  // 9999-12-31 23:59:59 KST
        guard try await ledger.clock(merchantId: merchant.id).now + seconds * 1000 <= latest else {
            throw TossPayError.invalidParameter("seconds", "샌드박스 시계는 9999-12-31 23:59:59 (KST) 를 넘을 수 없습니다.")
        }
        try await ledger.advanceClock(merchantId: merchant.id, byMillis: seconds * 1000)
        return Envelope.success(try await clockJSON(merchantId: merchant.id))
    }

    /// `GET /sandbox/v1/users/{userKey}` — the caller's merchant's buyer, numbers masked (created
    /// on first use).
    @Sendable func user(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        let userKey = try PaymentRules.validateUserKey(context.parameters.get("userKey"), field: "userKey")
        let user = try await ledger.user(userKey, merchantId: merchant.id)
        return Envelope.success(Self.userJSON(user))
    }

    static func userJSON(_ user: SandboxUser) -> JSONObject {
        let account: JSONValue = user.bankAccount.map { account in
            .object([
                "bankCode": .string(account.bankCode),
                "bankName": .optional(BankCode(code: account.bankCode)?.name),
                "accountNumber": .string(Masking.accountNumber(account.accountNumber)),
                "balance": .int(account.balance),
            ])
        } ?? .null
        let cards: [JSONValue] = user.cards.map { card in
            .object([
                "cardCompanyCode": .int(card.companyCode),
                "cardCompanyName": .optional(CardCompany(code: card.companyCode)?.name),
                "cardNumber": .string(Masking.cardNumber(card.number)),
                "cardMethodType": .string(card.methodType.rawValue),
                "cardUserType": .string(card.userType),
                "limit": .int(card.limit),
                "used": .int(card.used),
                "available": .int(card.available),
            ])
        }
        return [
            "userKey": .string(user.userKey),
            "status": .string(user.status.rawValue),
            "tossMoneyBalance": .int(user.tossMoneyBalance),
            "points": .int(user.points),
            "bankAccount": account,
            "cards": .array(cards),
        ]
    }

    /// `POST /sandbox/v1/users` — creates or replaces a buyer in the caller's merchant's world;
    /// balances move through the journal. The same userKey elsewhere is another merchant's buyer.
    @Sendable func saveUser(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        let user = try SandboxUser(fields: fields, merchantId: merchant.id)
        try await ledger.saveUser(user)
        return Envelope.success(Self.userJSON(user))
    }

    /// `POST /sandbox/v1/merchants/{merchantId}/promotions` — an instant discount.
    @Sendable func createPromotion(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: fields)
        let name = try fields.optionalString("name") ?? "즉시할인"
        try PaymentRules.validateName(name)
        let amount = try fields.optionalInteger("discountAmount")
        let rate = try fields.optionalInteger("discountRate")
        switch (amount, rate) {
        case (let amount?, nil): try PaymentRules.validateAmount(amount, field: "discountAmount", minimum: 1)
        case (nil, let rate?):
            guard (1...100).contains(rate) else { throw TossPayError.invalidParameter("discountRate", "1~100 (%) 이어야 합니다. (\(rate))") }
        default: throw TossPayError.invalidParameter("discountAmount", "discountAmount 와 discountRate 중 하나만 보내야 합니다.")
        }
        let minimum = try fields.optionalInteger("minimumAmount") ?? 0
        try PaymentRules.validateAmount(minimum, field: "minimumAmount", minimum: 0)
        let maximum = try fields.optionalInteger("maximumDiscount")
        if let maximum { try PaymentRules.validateAmount(maximum, field: "maximumDiscount", minimum: 1) }
        let budget = try fields.optionalInteger("budget")
        if let budget { try PaymentRules.validateAmount(budget, field: "budget", minimum: 0) }
        let promotion = Promotion(
            id: "promo_" + RandomText.base62(16), merchantId: merchant.id, name: name, discountAmount: amount, discountRate: rate,
            minimumAmount: minimum, maximumDiscount: maximum, remainingBudget: budget, active: try fields.optionalBool("active") ?? true
        )
        try await ledger.savePromotion(promotion)
        return Envelope.success(Self.promotionJSON(promotion))
    }

    /// `GET /sandbox/v1/merchants/{merchantId}/promotions`.
    @Sendable func listPromotions(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: FieldReader(object: [:]))
        let promotions = try await ledger.promotions(merchantId: merchant.id)
        return Envelope.success(["promotions": .array(promotions.map { .object(Self.promotionJSON($0)) })])
    }

    /// `DELETE /sandbox/v1/merchants/{merchantId}/promotions/{promotionId}` — ends a promotion;
    /// a payment authorized with it meets `DISCOUNT_CLOSED` at execute.
    @Sendable func deletePromotion(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.pathMerchant(request, context: context, fields: FieldReader(object: [:]))
        let promotionId = context.parameters.get("promotionId") ?? ""
        guard (1...64).contains(promotionId.count), try await ledger.deletePromotion(promotionId, merchantId: merchant.id) else {
            throw TossPayError(.commonInvalidParameter, reason: "promotionId: 존재하지 않는 프로모션입니다.", httpStatus: 404)
        }
        return Envelope.success(["promotionId": .string(promotionId), "deleted": .bool(true)])
    }

    static func promotionJSON(_ promotion: Promotion) -> JSONObject {
        [
            "promotionId": .string(promotion.id), "merchantId": .string(promotion.merchantId), "name": .string(promotion.name),
            "discountAmount": .optional(promotion.discountAmount), "discountRate": .optional(promotion.discountRate),
            "minimumAmount": .int(promotion.minimumAmount), "maximumDiscount": .optional(promotion.maximumDiscount),
            "remainingBudget": .optional(promotion.remainingBudget), "active": .bool(promotion.active),
        ]
    }

    /// `GET /sandbox/v1/bank-maintenance` — the caller's merchant's windows.
    @Sendable func bankMaintenance(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        let windows = try await ledger.maintenanceWindows(merchantId: merchant.id)
        return Envelope.success(Self.maintenanceJSON(windows, now: try await ledger.clock(merchantId: merchant.id).now))
    }

    /// `PUT /sandbox/v1/bank-maintenance {"windows": ["23:30-00:30"]}` — the caller's merchant's
    /// daily KST windows; no other merchant's payments are affected.
    @Sendable func setBankMaintenance(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let fields = try await Envelope.readObject(request, context: context)
        let merchant = try await authenticator.authenticate(request, context: context, fields: fields)
        guard case .array(let items)? = fields.object["windows"] else {
            throw TossPayError.invalidParameter("windows", "\"HH:MM-HH:MM\" 문자열의 배열이어야 합니다.")
        }
        guard items.count <= 24 else { throw TossPayError.invalidParameter("windows", "24개 이하여야 합니다.") }
        var windows: [MaintenanceWindow] = []
        for item in items {
            guard case .string(let text) = item else { throw TossPayError.invalidParameter("windows", "\"HH:MM-HH:MM\" 문자열이어야 합니다.") }
            windows.append(try MaintenanceWindow(parsing: text))
        }
        try await ledger.setMaintenanceWindows(windows, merchantId: merchant.id)
        return Envelope.success(Self.maintenanceJSON(windows, now: try await ledger.clock(merchantId: merchant.id).now))
    }

    static func maintenanceJSON(_ windows: [MaintenanceWindow], now: Int64) -> JSONObject {
        [
            "windows": .array(windows.map { .string($0.description) }),
            "inMaintenance": .bool(windows.contains { $0.contains(milliseconds: now) }),
        ]
    }

    /// `POST /sandbox/v1/settlements/run` — settles the caller's merchant's payments whose period
    /// has passed on its clock; no other merchant's payments are touched.
    @Sendable func runSettlement(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        let merchant = try await authenticator.authenticate(request, context: context, fields: FieldReader(object: [:]))
        var total = 0
        while true {
            let settled = try await ledger.settleDue(merchantId: merchant.id)
            total += settled
            if settled == 0 { break }
        }
        let now = try await ledger.clock(merchantId: merchant.id).now
        return Envelope.success(["settled": .int(total), "now": .string(KoreaTime.format(milliseconds: now))])
    }
}
