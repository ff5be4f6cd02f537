/// How an amount divides into taxable, tax-free, VAT and service fee. The parts always sum to
/// the amount.
public struct TaxSplit: Sendable, Equatable, Codable {
    /// The taxable part, VAT excluded (`amountTaxable`).
    public var taxable: Int64
    /// The tax-free part (`amountTaxFree`).
    public var taxFree: Int64
    /// The VAT (`amountVat`).
    public var vat: Int64
    /// The service fee (`amountServiceFee`).
    public var serviceFee: Int64

    /// Creates a split from its parts.
    public init(taxable: Int64, taxFree: Int64, vat: Int64, serviceFee: Int64) {
        self.taxable = taxable
        self.taxFree = taxFree
        self.vat = vat
        self.serviceFee = serviceFee
    }

    /// The sum of the parts.
    public var total: Int64 { taxable + taxFree + vat + serviceFee }

    /// Applies SPEC §3's rule to a request's fields (all already range-checked, each ≤ the
    /// maximum amount, so no sum overflows).
    ///
    /// - Neither taxable nor VAT given: `vat = ceil((amount − taxFree − serviceFee) / 11)`,
    ///   `taxable = amount − taxFree − serviceFee − vat`.
    /// - Both given: the four parts must sum exactly to `amount`.
    /// - One given: the other is what remains, which must not be negative.
    public static func resolve(
        amount: Int64, taxFree: Int64, taxable: Int64?, vat: Int64?, serviceFee: Int64?
    ) throws(TossPayError) -> TaxSplit {
        let fee = serviceFee ?? 0
        guard taxFree <= amount else {
            throw .invalidParameter("amountTaxFree", "amount 이하여야 합니다. (\(taxFree) > \(amount))")
        }
        let base = amount - taxFree - fee
        guard base >= 0 else {
            throw .invalidParameter("amountServiceFee", "amount - amountTaxFree 이하여야 합니다.")
        }
        switch (taxable, vat) {
        case (nil, nil):
            let computedVat = (base + 10) / 11
            return TaxSplit(taxable: base - computedVat, taxFree: taxFree, vat: computedVat, serviceFee: fee)
        case (let taxable?, let vat?):
            guard taxable + vat == base else {
                throw .invalidParameter(
                    "amountTaxable",
                    "amountTaxable + amountTaxFree + amountVat + amountServiceFee 가 amount 와 같아야 합니다. (\(taxable + vat + taxFree + fee) ≠ \(amount))"
                )
            }
            return TaxSplit(taxable: taxable, taxFree: taxFree, vat: vat, serviceFee: fee)
        case (let taxable?, nil):
            guard taxable <= base else {
                throw .invalidParameter("amountTaxable", "amount - amountTaxFree - amountServiceFee 이하여야 합니다.")
            }
            return TaxSplit(taxable: taxable, taxFree: taxFree, vat: base - taxable, serviceFee: fee)
        case (nil, let vat?):
            guard vat <= base else {
                throw .invalidParameter("amountVat", "amount - amountTaxFree - amountServiceFee 이하여야 합니다.")
            }
            return TaxSplit(taxable: base - vat, taxFree: taxFree, vat: vat, serviceFee: fee)
        }
    }

    /// The part of this split that `amount` out of `total` takes: each part in proportion,
    /// rounded down, and the won left over given one each to the parts with the largest
    /// remainders. No part exceeds what this split holds, so repeated shares never go negative.
    public func share(_ amount: Int64, of total: Int64) -> TaxSplit {
        guard total > 0, amount < total else { return self }
        let parts = [taxable, taxFree, vat, serviceFee]
        var shares = parts.map { RefundAllocation.proportion($0, amount, total) }
        let remainders = parts.map { part -> Int64 in
            let product = part.multipliedFullWidth(by: amount)
            return total.dividingFullWidth(product).remainder
        }
        var leftover = amount - shares.reduce(0, +)
        for index in remainders.indices.sorted(by: { remainders[$0] > remainders[$1] }) where leftover > 0 && remainders[index] > 0 {
            shares[index] += 1
            leftover -= 1
        }
        return TaxSplit(taxable: shares[0], taxFree: shares[1], vat: shares[2], serviceFee: shares[3])
    }
}
