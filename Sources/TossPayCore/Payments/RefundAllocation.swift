/// Divides a refund between what the buyer paid, the merchant's instant discount and Toss
/// points, in proportion to what remains of each.
///
/// Working from what *remains* keeps every sequence of partial refunds exact: the last refund
/// takes exactly the remainder of each part, so no won is lost or created by rounding.
public struct RefundAllocation: Sendable, Equatable {
    /// Returned to the buyer's payment method (`refundedPaidAmount`).
    public var paid: Int64
    /// Discount taken back (`refundedDiscountAmount` = promotion + points).
    public var discount: Int64
    /// Of `discount`, the Toss points returned to the buyer.
    public var points: Int64

    /// Creates an allocation.
    public init(paid: Int64, discount: Int64, points: Int64) {
        self.paid = paid
        self.discount = discount
        self.points = points
    }

    /// Splits `amount` (1 ≤ amount ≤ remaining total) over the remaining parts.
    ///
    /// - Parameters:
    ///   - remainingPaid: paid by the method and not yet refunded.
    ///   - remainingPromotion: the instant discount not yet taken back.
    ///   - remainingPoints: points used and not yet returned.
    public static func allocate(
        amount: Int64, remainingPaid: Int64, remainingPromotion: Int64, remainingPoints: Int64
    ) -> RefundAllocation {
        let remainingTotal = remainingPaid + remainingPromotion + remainingPoints
        guard amount < remainingTotal, remainingTotal > 0 else {
            return RefundAllocation(paid: remainingPaid, discount: remainingPromotion + remainingPoints, points: remainingPoints)
        }
        var promotion = proportion(remainingPromotion, amount, remainingTotal)
        var points = proportion(remainingPoints, amount, remainingTotal)
        var paid = amount - promotion - points
        // Flooring both discount shares can leave the paid share a won above what remains
        // paid; move that excess back to the discount parts, which always have room.
        if paid > remainingPaid {
            var excess = paid - remainingPaid
            paid = remainingPaid
            let toPromotion = min(excess, remainingPromotion - promotion)
            promotion += toPromotion
            excess -= toPromotion
            points += excess
        }
        return RefundAllocation(paid: paid, discount: promotion + points, points: points)
    }

    /// `part × amount / total`, rounded down, without overflow (the product may exceed 2^63).
    static func proportion(_ part: Int64, _ amount: Int64, _ total: Int64) -> Int64 {
        let product = part.multipliedFullWidth(by: amount)
        return total.dividingFullWidth(product).quotient
    }
}
