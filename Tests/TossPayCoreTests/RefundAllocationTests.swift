import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §3 refunds: discounts are returned in proportion, and a sequence of partial refunds
/// returns exactly what was paid and discounted — no won lost or created.
@Suite("Refund allocation")
struct RefundAllocationTests {
    @Test func specExampleRefund4000Of9000PaidAnd1000DiscountReturns400Discount3600Paid() {
        let allocation = RefundAllocation.allocate(amount: 4_000, remainingPaid: 9_000, remainingPromotion: 1_000, remainingPoints: 0)
        #expect(allocation == RefundAllocation(paid: 3_600, discount: 400, points: 0))
    }

    @Test func afterTheSpecExampleTheRestRefundsExactlyWhatRemains() {
        let first = RefundAllocation.allocate(amount: 4_000, remainingPaid: 9_000, remainingPromotion: 1_000, remainingPoints: 0)
        #expect(1_000 - first.discount == 600, "remaining discountedAmount 600")
        let second = RefundAllocation.allocate(amount: 6_000, remainingPaid: 9_000 - first.paid, remainingPromotion: 1_000 - first.discount, remainingPoints: 0)
        #expect(second == RefundAllocation(paid: 5_400, discount: 600, points: 0))
        #expect(first.paid + second.paid == 9_000)
        #expect(first.discount + second.discount == 1_000)
    }

    @Test func pointsAndPromotionAreEachReturnedInProportion() {
        // 10,000 = 8,000 paid + 1,500 promotion + 500 points; refund 2,000 (a fifth).
        let allocation = RefundAllocation.allocate(amount: 2_000, remainingPaid: 8_000, remainingPromotion: 1_500, remainingPoints: 500)
        #expect(allocation == RefundAllocation(paid: 1_600, discount: 400, points: 100))
    }

    @Test func aFullRefundReturnsEveryPart() {
        let allocation = RefundAllocation.allocate(amount: 10_000, remainingPaid: 8_000, remainingPromotion: 1_500, remainingPoints: 500)
        #expect(allocation == RefundAllocation(paid: 8_000, discount: 2_000, points: 500))
    }

    @Test func withNothingLeftPaidTheRefundComesFromTheDiscountOnly() {
        let allocation = RefundAllocation.allocate(amount: 500, remainingPaid: 0, remainingPromotion: 1_000, remainingPoints: 0)
        #expect(allocation == RefundAllocation(paid: 0, discount: 500, points: 0))
    }

    @Test func withNothingLeftPaidRoundingNeverChargesThePaidPart() {
        // 5 of 0 + 3 + 3: floors give 2 + 2, the won left over must go to a discount part.
        let allocation = RefundAllocation.allocate(amount: 5, remainingPaid: 0, remainingPromotion: 3, remainingPoints: 3)
        #expect(allocation.paid == 0)
        #expect(allocation.discount == 5)
        #expect(allocation.points >= 2 && allocation.points <= 3)
        #expect(allocation.discount - allocation.points <= 3)
    }

    @Test func withNoDiscountEverythingIsPaid() {
        let allocation = RefundAllocation.allocate(amount: 1, remainingPaid: 9_999, remainingPromotion: 0, remainingPoints: 0)
        #expect(allocation == RefundAllocation(paid: 1, discount: 0, points: 0))
    }

    @Test func largeAmountsDoNotOverflow() {
        let total: Int64 = 1_000_000_000_000
        let allocation = RefundAllocation.allocate(amount: total - 1, remainingPaid: total - 3, remainingPromotion: 2, remainingPoints: 1)
        #expect(allocation.paid + allocation.discount == total - 1)
        #expect(allocation.paid <= total - 3)
        #expect(allocation.discount - allocation.points <= 2)
        #expect(allocation.points <= 1)
    }

    /// Many random payments, each refunded in random partial amounts until nothing is left.
    @Test(arguments: [1, 42, 2_024, 0xDEAD_BEEF] as [UInt64])
    func randomPartialRefundSequencesReturnExactlyWhatWasPaid(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<300 {
            let paid = Int64.random(in: 0...50_000, using: &random)
            let promotion = Bool.random(using: &random) ? Int64.random(in: 0...5_000, using: &random) : 0
            let points = Bool.random(using: &random) ? Int64.random(in: 0...3_000, using: &random) : 0
            guard paid + promotion + points > 0 else { continue }

            var remaining = (paid: paid, promotion: promotion, points: points)
            var returned = (paid: Int64(0), promotion: Int64(0), points: Int64(0))
            var steps = 0
            while remaining.paid + remaining.promotion + remaining.points > 0 {
                let left = remaining.paid + remaining.promotion + remaining.points
                // Mostly small pieces, sometimes a single won, sometimes everything.
                let amount: Int64 = switch Int.random(in: 0..<10, using: &random) {
                case 0: 1
                case 1: left
                default: Int64.random(in: 1...max(1, left / 3), using: &random)
                }
                let a = RefundAllocation.allocate(
                    amount: amount, remainingPaid: remaining.paid,
                    remainingPromotion: remaining.promotion, remainingPoints: remaining.points
                )
                let promotionPart = a.discount - a.points
                let context = "seed \(seed): \(amount) of paid \(remaining.paid) promo \(remaining.promotion) points \(remaining.points) → \(a)"
                #expect(a.paid + a.discount == amount, "parts sum to the refund; \(context)")
                #expect(a.paid >= 0 && promotionPart >= 0 && a.points >= 0, "no negative part; \(context)")
                #expect(a.paid <= remaining.paid, "paid within what remains; \(context)")
                #expect(promotionPart <= remaining.promotion, "promotion within what remains; \(context)")
                #expect(a.points <= remaining.points, "points within what remains; \(context)")
                guard a.paid >= 0, promotionPart >= 0, a.points >= 0, a.paid + a.discount == amount else { return }
                remaining.paid -= a.paid
                remaining.promotion -= promotionPart
                remaining.points -= a.points
                returned.paid += a.paid
                returned.promotion += promotionPart
                returned.points += a.points
                steps += 1
                if steps > 10_000 { Issue.record("refunds did not converge; \(context)"); return }
            }
            #expect(returned.paid == paid)
            #expect(returned.promotion == promotion)
            #expect(returned.points == points)
        }
    }

    @Test func eachPartialRefundIsWithinOneWonOfTheExactProportion() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let paid = Int64.random(in: 1...100_000, using: &random)
            let promotion = Int64.random(in: 0...10_000, using: &random)
            let points = Int64.random(in: 0...10_000, using: &random)
            let total = paid + promotion + points
            let amount = Int64.random(in: 1...total, using: &random)
            let a = RefundAllocation.allocate(amount: amount, remainingPaid: paid, remainingPromotion: promotion, remainingPoints: points)
            // exact discount share = (promotion + points) × amount / total; allow the rounding of two parts.
            let exactTimesTotal = (promotion + points) * amount
            #expect(a.discount * total >= exactTimesTotal - 2 * total, "\(amount) of \(paid)/\(promotion)/\(points)")
            #expect(a.discount * total <= exactTimesTotal + 2 * total, "\(amount) of \(paid)/\(promotion)/\(points)")
        }
    }
}
