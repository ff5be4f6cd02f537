import Foundation
import Logging
import SQLiteNIO

/// The shop's orders and login sessions in one SQLite file.
///
/// Every change is one statement, so it is atomic on its own; the `WHERE` clauses make the
/// state changes conditional (`PENDING` → `PAID` happens once, however many executes arrive).
public final class OrderStore: Sendable {
    let connection: SQLiteConnection

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the order database at `path`.
    public static func open(path: String, logger: Logger) async throws -> OrderStore {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            _ = try await connection.query("PRAGMA journal_mode = WAL")
            _ = try await connection.query("PRAGMA synchronous = FULL")
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            _ = try await connection.query("""
                CREATE TABLE IF NOT EXISTS orders (
                    order_no TEXT PRIMARY KEY,
                    product_id TEXT NOT NULL,
                    product_name TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    user_key TEXT NOT NULL,
                    pay_token TEXT UNIQUE,
                    status TEXT NOT NULL,
                    transaction_id TEXT,
                    pay_method TEXT,
                    paid_amount INTEGER,
                    approval_time TEXT,
                    created_at INTEGER NOT NULL,
                    paid_at INTEGER
                )
                """)
            // Login sessions (`/my-api/login`): the cookie's random id → the user's key.
            _ = try await connection.query("""
                CREATE TABLE IF NOT EXISTS sessions (
                    session_id TEXT PRIMARY KEY,
                    user_key TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                )
                """)
            return OrderStore(connection: connection)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Closes the database.
    public func close() async throws {
        try await connection.close()
    }

    static let columns = """
        order_no, product_id, product_name, amount, user_key, pay_token, status, transaction_id, pay_method,
        paid_amount, approval_time, created_at, paid_at
        """

    /// Stores a new order (status CREATED).
    func insert(_ order: Order) async throws {
        _ = try await connection.query(
            "INSERT INTO orders (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .text(order.orderNo), .text(order.productId), .text(order.productName), .integer(Int(order.amount)),
                .text(order.userKey), Self.text(order.payToken), .text(order.status.rawValue), Self.text(order.transactionId),
                Self.text(order.payMethod), Self.integer(order.paidAmount), Self.text(order.approvalTime),
                .integer(Int(order.createdAt)), Self.integer(order.paidAt),
            ]
        )
    }

    /// Records the payToken Toss Pay issued: CREATED → PENDING.
    func attach(payToken: String, orderNo: String) async throws {
        _ = try await connection.query(
            "UPDATE orders SET pay_token = ?, status = 'PENDING' WHERE order_no = ? AND status = 'CREATED'",
            [.text(payToken), .text(orderNo)]
        )
    }

    /// Sets a final status other than PAID (FAILED, AMOUNT_MISMATCH); a PAID order stays PAID.
    func mark(_ status: Order.Status, orderNo: String) async throws {
        _ = try await connection.query(
            "UPDATE orders SET status = ? WHERE order_no = ? AND status != 'PAID'", [.text(status.rawValue), .text(orderNo)]
        )
    }

    /// PENDING → PAID with the execution's details; an order already PAID is left as it is.
    func markPaid(orderNo: String, transactionId: String?, payMethod: String?, paidAmount: Int64, approvalTime: String?) async throws {
        _ = try await connection.query(
            """
            UPDATE orders SET status = 'PAID', transaction_id = ?, pay_method = ?, paid_amount = ?, approval_time = ?, paid_at = ?
            WHERE order_no = ? AND status = 'PENDING'
            """,
            [
                Self.text(transactionId), Self.text(payMethod), .integer(Int(paidAmount)), Self.text(approvalTime),
                .integer(Int(Date().timeIntervalSince1970 * 1000)), .text(orderNo),
            ]
        )
    }

    /// PAID → REFUNDED; any other order is left as it is.
    func markRefunded(orderNo: String) async throws {
        _ = try await connection.query("UPDATE orders SET status = 'REFUNDED' WHERE order_no = ? AND status = 'PAID'", [.text(orderNo)])
    }

    /// The order with `orderNo`.
    func order(orderNo: String) async throws -> Order? {
        try await connection.query("SELECT \(Self.columns) FROM orders WHERE order_no = ?", [.text(orderNo)]).first.map(Self.order)
    }

    /// The order whose payment has `payToken`.
    func order(payToken: String) async throws -> Order? {
        try await connection.query("SELECT \(Self.columns) FROM orders WHERE pay_token = ?", [.text(payToken)]).first.map(Self.order)
    }

    static func order(_ row: SQLiteRow) -> Order {
        Order(
            orderNo: row.column("order_no")?.string ?? "", productId: row.column("product_id")?.string ?? "",
            productName: row.column("product_name")?.string ?? "", amount: Int64(row.column("amount")?.integer ?? 0),
            payToken: row.column("pay_token")?.string, status: Order.Status(rawValue: row.column("status")?.string ?? "") ?? .failed,
            transactionId: row.column("transaction_id")?.string, payMethod: row.column("pay_method")?.string,
            paidAmount: row.column("paid_amount")?.integer.map(Int64.init), approvalTime: row.column("approval_time")?.string,
            createdAt: Int64(row.column("created_at")?.integer ?? 0), paidAt: row.column("paid_at")?.integer.map(Int64.init),
            userKey: row.column("user_key")?.string ?? ""
        )
    }

    static func text(_ value: String?) -> SQLiteData { value.map(SQLiteData.text) ?? .null }
    static func integer(_ value: Int64?) -> SQLiteData { value.map { .integer(Int($0)) } ?? .null }
}
