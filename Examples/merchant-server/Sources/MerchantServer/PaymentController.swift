import Foundation
import Hummingbird
import Logging
import TossPayClient

/// The guide's merchant endpoints on the Toss Pay client:
///
/// - `GET|POST /my-api/payment/create` — the server picks the product and its price, stores an
///   order, asks Toss Pay for a payToken; answers `{payToken, orderNo, amount}`. The buyer is
///   the session's user (`/my-api/login`), else the `userKey` in the body, the `x-toss-user-key`
///   header or `?userKey=`; a stated userKey other than the session's is refused.
/// - `POST /my-api/payment/execute {payToken}` — after the buyer confirmed in the checkout
///   window: executes the order's payment, checks the charged amount against the order, marks
///   the order PAID; answers the order. Repeating it answers the same paid order. With a
///   session, only the session user's orders.
/// - `POST /my-api/payment/refund {payToken, reason?}` — refunds a PAID order in full; answers
///   the order (REFUNDED). Repeating it answers the same refunded order. With a session, only
///   the session user's orders.
/// - `GET /my-api/orders/{orderNo}` — the order.
///
/// The browser is never trusted with money: the amount comes from the product table (a
/// different amount in the request is refused), and execute succeeds only when Toss Pay's
/// answer names this order and its amount.
struct PaymentController: Sendable {
    let client: TossPayClient
    let orders: OrderStore
    let configuration: MerchantServerConfiguration

    func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group("my-api")
        group.get("payment/create", use: create)
        group.post("payment/create", use: create)
        group.post("payment/execute", use: execute)
        group.post("payment/refund", use: refund)
        group.get("orders/:orderNo", use: show)
    }

    /// The body of `/my-api/payment/create`; everything optional, the price is never taken from it.
    struct CreateBody: Decodable {
        var productId: String?
        var amount: Int64?
        var userKey: String?
    }

    struct Created: ResponseEncodable {
        var payToken: String
        var orderNo: String
        var amount: Int64
    }

    struct ExecuteBody: Decodable {
        var payToken: String?
    }

    struct RefundBody: Decodable {
        var payToken: String?
        var reason: String?
    }

    @Sendable func create(_ request: Request, context: BasicRequestContext) async throws -> Created {
        var body = try await Self.decode(CreateBody.self, from: request, context: context) ?? CreateBody()
        let query = request.uri.queryParameters
        body.productId = body.productId ?? query["productId"].map(String.init)
        if body.amount == nil, let text = query["amount"] {
            guard let amount = Int64(text) else { throw MerchantError(.badRequest, "INVALID_REQUEST", "amount 는 정수여야 합니다.") }
            body.amount = amount
        }
        let stated = body.userKey ?? request.headers[.init("x-toss-user-key")!] ?? query["userKey"].map(String.init)
        let sessionUser = try await LoginController.sessionUserKey(request, orders: orders)
        if let sessionUser, let stated, stated != sessionUser {
            throw MerchantError(.forbidden, "USER_KEY_MISMATCH", "로그인한 사용자와 요청의 userKey 가 다릅니다.")
        }
        let userKey = sessionUser ?? stated
        guard let userKey, !userKey.isEmpty else {
            throw MerchantError(
                .badRequest, "USER_KEY_REQUIRED", "토스 로그인이 필요합니다. (/my-api/login, 또는 x-toss-user-key 헤더나 userKey)"
            )
        }
        do {
            _ = try PaymentRules.validateUserKey(userKey)
        } catch {
            throw MerchantError(.badRequest, "INVALID_REQUEST", error.reason)
        }
        guard let product = body.productId.map({ id in configuration.products.first { $0.id == id } }) ?? configuration.products.first else {
            throw MerchantError(.notFound, "PRODUCT_NOT_FOUND", "상품을 찾을 수 없습니다: \(body.productId ?? "-")")
        }
        if let claimed = body.amount, claimed != product.amount {
            throw MerchantError(
                .badRequest, "AMOUNT_MISMATCH", "금액은 서버가 정합니다: \(product.id) 는 \(product.amount)원입니다. (요청 \(claimed)원)"
            )
        }

        let order = Order(
            orderNo: Self.newOrderNo(), productId: product.id, productName: product.name, amount: product.amount, payToken: nil,
            status: .created, transactionId: nil, payMethod: nil, paidAmount: nil, approvalTime: nil,
            createdAt: Int64(Date().timeIntervalSince1970 * 1000), paidAt: nil, userKey: userKey
        )
        try await orders.insert(order)
        let payment: MakePaymentRequest
        do {
            payment = try MakePaymentRequest(
                orderNo: order.orderNo, productDesc: product.name, amount: product.amount, amountTaxFree: product.amountTaxFree,
                isTestPayment: configuration.isTestPayment
            )
        } catch {
            try await orders.mark(.failed, orderNo: order.orderNo)
            throw MerchantError(.internalServerError, "PRODUCT_INVALID", "상품 설정이 Toss Pay 규칙에 맞지 않습니다: \(error.reason)")
        }
        let payToken: String
        do {
            payToken = try await client.makePayment(payment, userKey: userKey)
        } catch {
            try await orders.mark(.failed, orderNo: order.orderNo)
            throw MerchantError(tossPay: error)
        }
        try await orders.attach(payToken: payToken, orderNo: order.orderNo)
        context.logger.info("order created", metadata: ["orderNo": "\(order.orderNo)", "amount": "\(order.amount)"])
        return Created(payToken: payToken, orderNo: order.orderNo, amount: order.amount)
    }

    @Sendable func execute(_ request: Request, context: BasicRequestContext) async throws -> Order {
        guard let payToken = try await Self.decode(ExecuteBody.self, from: request, context: context)?.payToken, !payToken.isEmpty else {
            throw MerchantError(.badRequest, "INVALID_REQUEST", "payToken 이 필요합니다.")
        }
        let order = try await ownOrder(payToken: payToken, request: request)
        switch order.status {
        case .paid, .refunded:
            return order
        case .pending:
            break
        case .created, .failed, .amountMismatch:
            throw MerchantError(.conflict, "ORDER_NOT_PAYABLE", "결제할 수 없는 주문입니다. (\(order.status.rawValue))")
        }

        let execution: PaymentExecution
        do {
            // The client never sends execute twice; a lost or ambiguous answer is settled
            // through get-payment-status (`recovered`), which needs the order's orderNo too.
            execution = try await client.executePayment(
                ExecutePaymentRequest(payToken: payToken, mode: configuration.isTestPayment ? .test : .live),
                orderNo: order.orderNo, userKey: order.userKey
            )
        } catch {
            throw MerchantError(tossPay: error)
        }
        guard execution.orderNo == order.orderNo, execution.amount == order.amount else {
            try await orders.mark(.amountMismatch, orderNo: order.orderNo)
            context.logger.error("executed amount differs from the order", metadata: [
                "orderNo": "\(order.orderNo)", "expected": "\(order.amount)", "executed": "\(execution.amount)",
            ])
            throw MerchantError(
                .badGateway, "AMOUNT_MISMATCH", "결제된 금액(\(execution.amount)원)이 주문 금액(\(order.amount)원)과 다릅니다. 환불이 필요합니다."
            )
        }
        try await orders.markPaid(
            orderNo: order.orderNo, transactionId: execution.transactionId, payMethod: execution.payMethod?.rawValue,
            paidAmount: execution.paidAmount, approvalTime: execution.approvalTime
        )
        context.logger.info("order paid", metadata: ["orderNo": "\(order.orderNo)", "recovered": "\(execution.recovered)"])
        guard let paid = try await orders.order(orderNo: order.orderNo) else {
            throw MerchantError(.internalServerError, "ORDER_NOT_FOUND", "주문을 다시 읽을 수 없습니다.")
        }
        return paid
    }

    @Sendable func refund(_ request: Request, context: BasicRequestContext) async throws -> Order {
        let body = try await Self.decode(RefundBody.self, from: request, context: context)
        guard let payToken = body?.payToken, !payToken.isEmpty else {
            throw MerchantError(.badRequest, "INVALID_REQUEST", "payToken 이 필요합니다.")
        }
        let order = try await ownOrder(payToken: payToken, request: request)
        switch order.status {
        case .refunded:
            return order
        case .paid:
            break
        case .created, .pending, .failed, .amountMismatch:
            throw MerchantError(.conflict, "ORDER_NOT_REFUNDABLE", "결제 완료된 주문만 환불할 수 있습니다. (\(order.status.rawValue))")
        }
        do {
            // Everything still refundable; a lost answer is settled through get-payment-status
            // (by payToken and orderNo).
            let refund = try await client.refundPayment(
                RefundPaymentRequest(payToken: payToken, reason: body?.reason ?? "고객 요청", mode: configuration.isTestPayment ? .test : .live),
                orderNo: order.orderNo, userKey: order.userKey
            )
            context.logger.info("order refunded", metadata: [
                "orderNo": "\(order.orderNo)", "amount": "\(refund.refundedAmount)", "recovered": "\(refund.recovered)",
            ])
        } catch {
            throw MerchantError(tossPay: error)
        }
        try await orders.markRefunded(orderNo: order.orderNo)
        guard let refunded = try await orders.order(orderNo: order.orderNo) else {
            throw MerchantError(.internalServerError, "ORDER_NOT_FOUND", "주문을 다시 읽을 수 없습니다.")
        }
        return refunded
    }

    /// The shop's order with `payToken`; with a session, only if it is the session user's
    /// (another's looks like no order at all).
    func ownOrder(payToken: String, request: Request) async throws -> Order {
        guard let order = try await orders.order(payToken: payToken) else {
            throw MerchantError(.notFound, "ORDER_NOT_FOUND", "이 가맹점이 만든 결제가 아닙니다.")
        }
        if let sessionUser = try await LoginController.sessionUserKey(request, orders: orders), sessionUser != order.userKey {
            throw MerchantError(.notFound, "ORDER_NOT_FOUND", "이 가맹점이 만든 결제가 아닙니다.")
        }
        return order
    }

    @Sendable func show(_ request: Request, context: BasicRequestContext) async throws -> Order {
        let orderNo = try context.parameters.require("orderNo")
        guard let order = try await orders.order(orderNo: orderNo) else {
            throw MerchantError(.notFound, "ORDER_NOT_FOUND", "주문을 찾을 수 없습니다: \(orderNo)")
        }
        return order
    }

    /// A fresh order number: `order-` and a random UUID, within Toss Pay's 50 characters.
    static func newOrderNo() -> String {
        "order-" + UUID().uuidString.lowercased()
    }

    /// The JSON body, nil when there is none; malformed JSON is a 400.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: BasicRequestContext) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw MerchantError(.badRequest, "INVALID_REQUEST", "JSON 본문을 읽을 수 없습니다.")
        }
    }
}

extension Order: ResponseEncodable {}
