import Hummingbird
import TossPayCore
import TossPayStorage

/// The console's 요청 로그 (request inspector): the signed-in merchant's recorded requests with
/// filters, in every mode (also with `--sandbox off`, where `/sandbox/v1/requests` is absent).
extension ConsoleController {
    /// Requests on one page.
    static let requestPageSize = 50

    func addRequestRoutes(to router: Router<TossPayRequestContext>) {
        router.get("console/requests", use: requests)
    }

    @Sendable func requests(_ request: Request, context: TossPayRequestContext) async throws -> Response {
        guard let merchant = try await signedInMerchant(request)?.merchant else { return Self.redirect("/console") }
        let parameters = request.uri.queryParameters
        var filters = ConsoleRequestsView.Filters()
        var query = RequestLogQuery(merchantId: merchant.id, limit: Self.requestPageSize + 1)
        var problems: [String] = []
        // The API's rules (RequestLogController); an empty field is no filter.
        func value(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        if let orderNo = value("orderNo") {
            filters.orderNo = orderNo
            do { try PaymentRules.validateOrderNo(orderNo) } catch { problems.append(error.reason) }
            query.orderNo = orderNo
        }
        if let payToken = value("payToken") {
            filters.payToken = payToken
            do { try PayToken.validateFormat(payToken) } catch { problems.append(error.reason) }
            query.payToken = payToken
        }
        if let userKey = value("userKey") {
            filters.userKey = userKey
            do { query.userKey = try PaymentRules.validateUserKey(userKey, field: "userKey") } catch { problems.append(error.reason) }
        }
        if let status = value("status") {
            filters.status = status
            if let code = RequestLogController.integer(status, digits: 3), (100...599).contains(code) {
                query.status = Int(code)
            } else {
                problems.append("상태 코드는 100~599 의 숫자예요: \(status.prefix(20))")
            }
        }
        if let before = value("before") {
            if let id = RequestLogController.integer(before, digits: 18) { query.before = id } else { problems.append("before 는 요청 id 예요: \(before.prefix(20))") }
        }
        let fetched = problems.isEmpty ? try await ledger.requestLog(matching: query) : []
        let entries = Array(fetched.prefix(Self.requestPageSize))
        let view = ConsoleRequestsView(
            merchant: ConsoleHeader(merchant), error: problems.isEmpty ? nil : problems.joined(separator: " · "), filters: filters,
            entries: entries,
            newestLink: query.before == nil ? nil : filters.link(),
            olderLink: fetched.count > Self.requestPageSize ? entries.last.map { filters.link(before: $0.id) } : nil
        )
        return try page(
            .consoleRequests, Page(title: ConsolePage.title("요청 로그"), theme: .console, view: view),
            status: problems.isEmpty ? .ok : .badRequest
        )
    }
}
