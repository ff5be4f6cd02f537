import Testing
import TossPayCore

/// SPEC §9's lifetimes and refusals as Core decides them, at the exact boundaries: a code lives
/// 10 minutes, an access token 1 hour, a refresh token 14 days (expiresAt − 1 ms is live,
/// expiresAt is not); a code is single use and only for its app; login-me needs a live access
/// token of the certificate's app.
@Suite("Login operations")
struct LoginOperationTests {
    static let app = "m_app"
    static let other = "m_other"
    static let t0: Int64 = 1_800_000_000_000

    static func grant(_ name: String) -> LoginOperations.NewGrant { .init(text: name, hash: "hash-" + name) }

    static func code(at now: Int64 = t0) -> LoginGrant {
        LoginOperations.authorize(person: "김토스", merchantId: app, consent: nil, code: grant("code"), now: now).effects.newGrants[0]
    }

    static func isInvalidGrant(_ status: Int, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as TossPayError {
            return error.code.rawValue == "invalid_grant" && error.httpStatus == status
        } catch {
            return false
        }
    }

    @Test(arguments: [
        (LoginOperations.codeLifetimeMillis - 1, true), (LoginOperations.codeLifetimeMillis, false), (0, true),
    ])
    func aCodeIsGoodForTenMinutes(elapsed: Int64, good: Bool) {
        let refused = Self.isInvalidGrant(400) {
            _ = try LoginOperations.exchange(code: Self.code(), merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0 + elapsed)
        }
        #expect(refused == !good)
    }

    @Test func aCodeIsSingleUseAndForItsOwnApp() throws {
        let exchanged = try LoginOperations.exchange(code: Self.code(), merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0)
        let used = try #require(exchanged.effects.changedGrants.first)
        #expect(used.usedAt == Self.t0)
        #expect(exchanged.tokens.expiresIn == 3600)
        #expect(Self.isInvalidGrant(400) { _ = try LoginOperations.exchange(code: used, merchantId: Self.app, access: Self.grant("a2"), refresh: Self.grant("r2"), now: Self.t0) })
        #expect(Self.isInvalidGrant(400) { _ = try LoginOperations.exchange(code: Self.code(), merchantId: Self.other, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0) })
        #expect(Self.isInvalidGrant(400) { _ = try LoginOperations.exchange(code: nil, merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0) })
        // An access token is not a code.
        let access = exchanged.effects.newGrants[0]
        #expect(access.kind == .access)
        #expect(Self.isInvalidGrant(400) { _ = try LoginOperations.exchange(code: access, merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0) })
    }

    @Test(arguments: [(LoginOperations.accessLifetimeMillis - 1, true), (LoginOperations.accessLifetimeMillis, false)])
    func anAccessTokenIsGoodForOneHour(elapsed: Int64, good: Bool) throws {
        let exchanged = try LoginOperations.exchange(code: Self.code(), merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0)
        let access = exchanged.effects.newGrants[0]
        #expect(Self.isInvalidGrant(401) { _ = try LoginOperations.accessToken(access, certificateMerchantId: nil, now: Self.t0 + elapsed) } == !good)
    }

    @Test(arguments: [(LoginOperations.refreshLifetimeMillis - 1, true), (LoginOperations.refreshLifetimeMillis, false)])
    func aRefreshTokenIsGoodForFourteenDays(elapsed: Int64, good: Bool) throws {
        let exchanged = try LoginOperations.exchange(code: Self.code(), merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0)
        let refresh = exchanged.effects.newGrants[1]
        #expect(refresh.kind == .refresh)
        let refused = Self.isInvalidGrant(400) {
            _ = try LoginOperations.refresh(refresh, text: "r", merchantId: Self.app, access: Self.grant("a2"), now: Self.t0 + elapsed)
        }
        #expect(refused == !good)
    }

    @Test func loginMeNeedsALiveAccessTokenOfTheCertificatesApp() throws {
        let exchanged = try LoginOperations.exchange(code: Self.code(), merchantId: Self.app, access: Self.grant("a"), refresh: Self.grant("r"), now: Self.t0)
        let access = exchanged.effects.newGrants[0]
        _ = try LoginOperations.accessToken(access, certificateMerchantId: Self.app, now: Self.t0)
        #expect(Self.isInvalidGrant(401) { _ = try LoginOperations.accessToken(access, certificateMerchantId: Self.other, now: Self.t0) })
        let removed = LoginOperations.removeAccessToken(access, now: Self.t0).changedGrants[0]
        #expect(Self.isInvalidGrant(401) { _ = try LoginOperations.accessToken(removed, certificateMerchantId: nil, now: Self.t0) })
        // A refresh token is not an access token.
        #expect(Self.isInvalidGrant(401) { _ = try LoginOperations.accessToken(exchanged.effects.newGrants[1], certificateMerchantId: nil, now: Self.t0) })
    }

    @Test func consentIsKeptAndALaterLoginNeedsIt() {
        #expect(LoginOperations.again(person: "김토스", merchantId: Self.app, consent: nil, code: Self.grant("c"), now: Self.t0) == nil)
        let first = LoginOperations.authorize(person: "김토스", merchantId: Self.app, consent: nil, code: Self.grant("c"), now: Self.t0)
        let consent = first.effects.consent
        #expect(consent?.userKey == LoginUserKey.of(person: "김토스", merchantId: Self.app))
        let again = LoginOperations.again(person: "김토스", merchantId: Self.app, consent: consent, code: Self.grant("c2"), now: Self.t0 + 1)
        #expect(again?.code == "c2")
        #expect(again?.effects.consent == nil, "the consent given before is kept as it was")
    }

    @Test(arguments: [("", false), (" ", false), ("가", true), (String(repeating: "가", count: 30), true), (String(repeating: "가", count: 31), false), ("a\u{0}b", false)])
    func personNames(name: String, valid: Bool) {
        #expect(((try? LoginPerson.validate(name)) != nil) == valid)
    }

    @Test func personsAndUserKeysAreDeterministic() {
        #expect(LoginPerson(person: "김토스") == LoginPerson(person: "김토스"))
        #expect(LoginPerson(person: "김토스").phone != LoginPerson(person: "이앱인").phone)
        let person = LoginPerson(person: "김토스")
        #expect(person.phone.count == 11 && person.phone.hasPrefix("010"))
        #expect(person.birthday.count == 8)
        #expect(person.ci.count == 88)
        #expect(["MALE", "FEMALE"].contains(person.gender))
        for app in ["a", "b", "m_x"] {
            let key = LoginUserKey.of(person: "김토스", merchantId: app)
            #expect((100_000_000...999_999_999).contains(key))
        }
        #expect(LoginUserKey.of(person: "김토스", merchantId: "a") != LoginUserKey.of(person: "김토스", merchantId: "b"))
    }
}
