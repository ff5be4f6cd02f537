import TossPayCore

/// What `login.mustache` shows: a notice when the app cannot be logged in to here, or the
/// consent screen — the app, the sandbox persons to log in as and the terms to agree to. Text
/// is ready to show.
struct LoginWindowView: Sendable {
    /// Why the window cannot log in (`data-status` tells the browser tests which).
    struct Notice: Sendable {
        let title: String
        let message: String
        /// `APP_NOT_FOUND`, `APP_REQUIRED` or `ERROR`.
        let status: String
    }

    /// The consent screen of one app.
    struct Consent: Sendable {
        /// The app's (merchant's) name.
        let appName: String
        /// The persons offered, the first one chosen.
        let persons: [PersonOption]
        /// The longest name a new person may have.
        let nameLimit: Int
        /// What the person agrees to.
        let terms: [Term]
        /// What the app may read, in Korean, e.g. `이름, 전화번호, …`.
        let scopesText: String
    }

    /// A sandbox person the tester can log in as.
    struct PersonOption: Sendable {
        let person: String
        let first: Bool
    }

    /// One of the app's terms.
    struct Term: Sendable {
        /// The tag login-me lists in `agreedTerms`.
        let tag: String
        let title: String
    }

    /// What `login.js` reads from the `login-data` island.
    struct Script: Encodable, Sendable {
        /// The app as the window was asked for it (nil: the sandbox merchant in open mode), sent
        /// back with the person to `POST /login/authorize`.
        let merchantId: String?
    }

    /// The id of the data island.
    static let scriptId = "login-data"

    var notice: Notice?
    var consent: Consent?

    /// The consent screen of `appName` offering `persons`, with tosspay's terms and scope.
    static func consent(appName: String, persons: [String]) -> LoginWindowView {
        LoginWindowView(consent: Consent(
            appName: appName,
            persons: persons.enumerated().map { PersonOption(person: $1, first: $0 == 0) },
            nameLimit: 30,
            terms: LoginOperations.terms.map { Term(tag: $0, title: termTitle($0)) },
            scopesText: LoginOperations.scope.map(scopeName).joined(separator: ", ")
        ))
    }

    /// A term's title by its tag; an unknown tag shows as itself.
    static func termTitle(_ tag: String) -> String {
        switch tag {
        case "tosspay_sandbox_login_terms": "토스 로그인 서비스 이용약관 (샌드박스)"
        default: tag
        }
    }

    /// A scope's name in Korean; an unknown scope shows as itself.
    static func scopeName(_ scope: String) -> String {
        switch scope {
        case "user_key": "토스 회원 식별값"
        case "user_name": "이름"
        case "user_phone": "휴대폰 번호"
        case "user_birthday": "생년월일"
        case "user_ci": "연계정보(CI)"
        case "user_gender": "성별"
        case "user_nationality": "내외국인 구분"
        case "user_email": "이메일"
        default: scope
        }
    }
}
