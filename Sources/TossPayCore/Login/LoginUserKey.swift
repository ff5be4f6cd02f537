/// The userKey Toss login gives a person in one app (SPEC §9): a 9-digit number derived from
/// (person, app), the same for that pair on any database and different across apps. Any valid
/// `x-toss-user-key` still works for pay; a login-issued one names that app's buyer.
public enum LoginUserKey {
    /// The userKey of `person` in `merchantId`'s app, 100,000,000–999,999,999.
    public static func of(person: String, merchantId: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("userkey\u{1F}" + person + "\u{1F}" + merchantId).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return 100_000_000 + Int64(hash % 900_000_000)
    }
}
