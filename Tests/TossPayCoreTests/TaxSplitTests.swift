import Testing
import TossPayCore
import TossPayTestSupport

/// SPEC §3 tax split: `vat = ceil((amount − taxFree − serviceFee) / 11)`, the taxable part is
/// the rest; parts given must sum exactly to the amount.
@Suite("Tax split")
struct TaxSplitTests {
    @Test func specExampleAmount1000TaxFree0IsTaxable909Vat91() throws {
        let split = try TaxSplit.resolve(amount: 1_000, taxFree: 0, taxable: nil, vat: nil, serviceFee: nil)
        #expect(split == TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0))
        #expect(split.total == 1_000)
    }

    /// (amount, taxFree, serviceFee) → (taxable, vat), worked out by hand.
    @Test(arguments: [
        (11, 0, 0, 10, 1),            // exactly divisible
        (12, 0, 0, 10, 2),            // ceil(12/11) = 2
        (1, 0, 0, 0, 1),              // ceil(1/11) = 1
        (10, 0, 0, 9, 1),
        (22_000, 0, 0, 20_000, 2_000),
        (10_000, 1_000, 0, 8_181, 819),   // 9,000 / 11 = 818.18…
        (1_100, 0, 100, 909, 91),     // service fee taken out first
        (5_000, 1_000, 500, 3_181, 319), // 3,500 / 11 = 318.18…
    ] as [(Int64, Int64, Int64, Int64, Int64)])
    func vatIsTheCeilingOfAnEleventhOfWhatIsTaxed(
        _ amount: Int64, _ taxFree: Int64, _ fee: Int64, _ taxable: Int64, _ vat: Int64
    ) throws {
        let split = try TaxSplit.resolve(amount: amount, taxFree: taxFree, taxable: nil, vat: nil, serviceFee: fee)
        #expect(split == TaxSplit(taxable: taxable, taxFree: taxFree, vat: vat, serviceFee: fee))
    }

    @Test func serviceFeeIsKeptAsGivenAndTheRestIsSplit() throws {
        let split = try TaxSplit.resolve(amount: 1_100, taxFree: 0, taxable: nil, vat: nil, serviceFee: 100)
        #expect(split.serviceFee == 100)
        #expect(split.taxable == 909)
        #expect(split.vat == 91)
        #expect(split.total == 1_100)
    }

    @Test func taxFreeEqualToAmountLeavesNothingTaxable() throws {
        let split = try TaxSplit.resolve(amount: 5_000, taxFree: 5_000, taxable: nil, vat: nil, serviceFee: nil)
        #expect(split == TaxSplit(taxable: 0, taxFree: 5_000, vat: 0, serviceFee: 0))
    }

    @Test func allPartsGivenSummingExactlyAreKept() throws {
        let split = try TaxSplit.resolve(amount: 1_000, taxFree: 100, taxable: 800, vat: 80, serviceFee: 20)
        #expect(split == TaxSplit(taxable: 800, taxFree: 100, vat: 80, serviceFee: 20))
    }

    @Test func allPartsGivenOneWonOverAreRejected() {
        expectInvalidParameter("amountTaxable") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 100, taxable: 801, vat: 80, serviceFee: 20)
        }
    }

    @Test func allPartsGivenOneWonUnderAreRejected() {
        expectInvalidParameter("amountTaxable") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 100, taxable: 800, vat: 79, serviceFee: 20)
        }
    }

    @Test func taxableAndVatGivenWithoutFeeMustSumWithTaxFreeToAmount() throws {
        #expect(try TaxSplit.resolve(amount: 1_000, taxFree: 0, taxable: 900, vat: 100, serviceFee: nil)
            == TaxSplit(taxable: 900, taxFree: 0, vat: 100, serviceFee: 0))
        expectInvalidParameter("amountTaxable") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 0, taxable: 900, vat: 101, serviceFee: nil)
        }
    }

    @Test func onlyTaxableGivenLeavesTheRestAsVat() throws {
        let split = try TaxSplit.resolve(amount: 1_000, taxFree: 100, taxable: 800, vat: nil, serviceFee: nil)
        #expect(split == TaxSplit(taxable: 800, taxFree: 100, vat: 100, serviceFee: 0))
    }

    @Test func onlyTaxableGivenAboveWhatRemainsIsRejected() {
        expectInvalidParameter("amountTaxable") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 100, taxable: 901, vat: nil, serviceFee: nil)
        }
    }

    @Test func onlyVatGivenLeavesTheRestTaxable() throws {
        let split = try TaxSplit.resolve(amount: 1_000, taxFree: 0, taxable: nil, vat: 50, serviceFee: 10)
        #expect(split == TaxSplit(taxable: 940, taxFree: 0, vat: 50, serviceFee: 10))
    }

    @Test func onlyVatGivenAboveWhatRemainsIsRejected() {
        expectInvalidParameter("amountVat") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 0, taxable: nil, vat: 1_001, serviceFee: nil)
        }
    }

    @Test func taxFreeAboveAmountIsRejected() {
        expectInvalidParameter("amountTaxFree") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 1_001, taxable: nil, vat: nil, serviceFee: nil)
        }
    }

    @Test func serviceFeeAboveWhatTaxFreeLeavesIsRejected() {
        expectInvalidParameter("amountServiceFee") {
            _ = try TaxSplit.resolve(amount: 1_000, taxFree: 600, taxable: nil, vat: nil, serviceFee: 401)
        }
    }

    @Test func theMaximumAmountSplitsWithoutOverflow() throws {
        let split = try TaxSplit.resolve(amount: 1_000_000_000_000, taxFree: 0, taxable: nil, vat: nil, serviceFee: nil)
        // 1,000,000,000,000 / 11 = 90,909,090,909.09… → 90,909,090,910
        #expect(split == TaxSplit(taxable: 909_090_909_090, taxFree: 0, vat: 90_909_090_910, serviceFee: 0))
    }

    // MARK: share (the tax split of a partial refund)

    @Test func aShareOfEveryPartIsInProportion() {
        let split = TaxSplit(taxable: 7_000, taxFree: 2_000, vat: 700, serviceFee: 300)
        // 4,000 of 10,000 (two fifths, exact): taxable 2,800, taxFree 800, vat 280, fee 120.
        #expect(split.share(4_000, of: 10_000) == TaxSplit(taxable: 2_800, taxFree: 800, vat: 280, serviceFee: 120))
    }

    @Test func aHalfShareOfTheSpecExampleSplitsTheOddWonBetweenTaxableAndVat() {
        let part = TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0).share(500, of: 1_000)
        // exactly 454.5 + 45.5: one of them takes the extra won.
        #expect(part.total == 500)
        #expect(part.taxFree == 0 && part.serviceFee == 0)
        #expect((part.taxable == 454 && part.vat == 46) || (part.taxable == 455 && part.vat == 45), "\(part)")
    }

    @Test func aShareOfNothingIsZero() {
        let split = TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0)
        #expect(split.share(0, of: 1_000) == TaxSplit(taxable: 0, taxFree: 0, vat: 0, serviceFee: 0))
    }

    @Test func theWholeShareIsTheWholeSplit() {
        let split = TaxSplit(taxable: 909, taxFree: 0, vat: 91, serviceFee: 0)
        #expect(split.share(1_000, of: 1_000) == split)
    }

    static func parts(_ split: TaxSplit) -> [Int64] { [split.taxable, split.taxFree, split.vat, split.serviceFee] }

    static func randomSplit(_ random: inout SplitMix64) -> TaxSplit {
        TaxSplit(
            taxable: Int64.random(in: 0...100_000, using: &random), taxFree: Int64.random(in: 0...20_000, using: &random),
            vat: Int64.random(in: 0...10_000, using: &random), serviceFee: Bool.random(using: &random) ? Int64.random(in: 0...3_000, using: &random) : 0
        )
    }

    @Test func eachPartOfAShareIsItsExactProportionRoundedUpOrDown() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let split = Self.randomSplit(&random)
            let total = split.total
            guard total > 0 else { continue }
            let amount = Int64.random(in: 0...total, using: &random)
            let part = split.share(amount, of: total)
            #expect(part.total == amount, "\(amount) of \(split)")
            for (whole, share) in zip(Self.parts(split), Self.parts(part)) {
                let floor = whole * amount / total
                let ceiling = (whole * amount + total - 1) / total
                #expect(share >= floor && share <= ceiling, "\(amount) of \(split) → \(part)")
                #expect(share <= whole)
            }
        }
    }

    @Test func repeatedSharesOfWhatRemainsNeverGoNegativeAndAddUpToTheSplit() {
        var random = SplitMix64(seed: 12)
        for _ in 0..<300 {
            let split = Self.randomSplit(&random)
            var remaining = split
            var returned = TaxSplit(taxable: 0, taxFree: 0, vat: 0, serviceFee: 0)
            while remaining.total > 0 {
                let amount = Bool.random(using: &random) ? remaining.total : Int64.random(in: 1...remaining.total, using: &random)
                let part = remaining.share(amount, of: remaining.total)
                #expect(part.total == amount)
                remaining = TaxSplit(
                    taxable: remaining.taxable - part.taxable, taxFree: remaining.taxFree - part.taxFree,
                    vat: remaining.vat - part.vat, serviceFee: remaining.serviceFee - part.serviceFee
                )
                returned = TaxSplit(
                    taxable: returned.taxable + part.taxable, taxFree: returned.taxFree + part.taxFree,
                    vat: returned.vat + part.vat, serviceFee: returned.serviceFee + part.serviceFee
                )
                guard Self.parts(remaining).allSatisfy({ $0 >= 0 }) else {
                    Issue.record("a part went negative: \(remaining) from \(split)")
                    break
                }
            }
            #expect(returned == split)
        }
    }
}
