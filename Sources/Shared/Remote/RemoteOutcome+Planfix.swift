import Foundation

extension RemoteOutcome {
    /// Planfix application error codes (reference §1.4) and what they mean for a job.
    static let planfixCodes: [Int: (kind: PlanfixCodeKind, text: String)] = [
        0: (.transient, "unknown error"),
        1: (.credentials, "invalid token"),
        2: (.credentials, "token inactive"),
        5: (.credentials, "method forbidden for the token's scope"),
        6: (.credentials, "method or object forbidden for the robot user"),
        10: (.credentials, "account blocked for spam"),
        11: (.credentials, "account frozen"),
        16: (.credentials, "robot user inactive"),
        20: (.credentials, "subscription unpaid"),
        21: (.credentials, "API not available on a free account"),
        22: (.quota, "daily REST request limit exhausted"),
        23: (.permanent, "account contact limit reached"),
        30: (.permanent, "invalid JSON"),
        40: (.permanent, "required parameter missing"),
        41: (.permanent, "invalid parameter value"),
        1000: (.permanent, "task not found"),
        1001: (.permanent, "task add error"),
        1002: (.permanent, "task update error"),
        2000: (.permanent, "contact not found"),
        2001: (.permanent, "contact add error"),
        2002: (.permanent, "contact update error"),
        5000: (.permanent, "comment not found"),
        5001: (.permanent, "comment add error"),
    ]

    enum PlanfixCodeKind { case transient, quota, permanent, credentials }

    /// Classifies a Planfix REST answer.
    /// - Parameters:
    ///   - retryAfter: the `Retry-After` header, if any.
    public static func planfixREST(status: Int, body: [UInt8], retryAfter: String? = nil) -> RemoteOutcome {
        let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let result = json?["result"] as? String
        if (200..<300).contains(status), result == "success" || (json != nil && result == nil) { return .success }
        if let code = (json?["code"] as? NSNumber)?.intValue ?? (json?["code"] as? String).flatMap(Int.init) {
            let text = (json?["error"] as? String) ?? (json?["message"] as? String) ?? ""
            return planfixCode(code, text: text, status: status, retryAfter: retryAfter)
        }
        return httpOnly(status: status, body: body, retryAfter: retryAfter, service: "Planfix")
    }

    static func planfixCode(_ code: Int, text: String, status: Int, retryAfter: String?) -> RemoteOutcome {
        let known = planfixCodes[code]
        let reason = "code \(code) \(known?.text ?? "unknown code")" + (text.isEmpty ? "" : ": \(text.prefix(300))")
        switch known?.kind {
        case .credentials: return .credentials(reason: reason)
        case .quota: return .quotaExhausted(reason: reason, resetIn: parseRetryAfter(retryAfter) ?? defaultQuotaWait)
        case .permanent: return .permanent(reason: reason, code: "planfix-\(code)")
        case .transient: return .transient(reason: reason, retryAfter: parseRetryAfter(retryAfter))
        case nil:
            // An undocumented code: trust the HTTP status class.
            if status >= 500 || status == 429 { return .transient(reason: reason, retryAfter: parseRetryAfter(retryAfter)) }
            if status == 401 { return .credentials(reason: reason) }
            return .permanent(reason: reason, code: "planfix-\(code)")
        }
    }

    /// Classifies a Planfix telephony API answer (`/tel/api`): 200 is success, 401 `Invalid token`, 400
    /// `Invalid parameters` (reference §2.3).
    public static func planfixTelephony(status: Int, body: [UInt8], retryAfter: String? = nil) -> RemoteOutcome {
        if (200..<300).contains(status) { return .success }
        let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let text = (json?["error"] as? String) ?? ""
        if status == 401 { return .credentials(reason: "telephony token refused" + (text.isEmpty ? "" : ": \(text)")) }
        if status == 400 { return .permanent(reason: "telephony API refused the parameters" + (text.isEmpty ? "" : ": \(text)"), code: "planfix-tel-400") }
        return httpOnly(status: status, body: body, retryAfter: retryAfter, service: "Planfix telephony")
    }

    /// An answer without a usable application error: decided by the HTTP status (HTML error pages, proxies,
    /// truncated bodies). A 2xx whose body does not parse is transient: whether the request took effect is
    /// unknown, and the effect store's lookup-before-create makes the repeat safe.
    static func httpOnly(status: Int, body: [UInt8], retryAfter: String?, service: String) -> RemoteOutcome {
        let snippet = bodySnippet(body)
        switch status {
        case 200..<300: return .transient(reason: "\(service) answered \(status) with an unreadable body: \(snippet)", retryAfter: nil)
        case 401, 403: return .credentials(reason: "\(service) answered \(status): \(snippet)")
        case 408, 425, 429, 500...599:
            return .transient(reason: "\(service) answered \(status): \(snippet)", retryAfter: parseRetryAfter(retryAfter))
        default: return .permanent(reason: "\(service) answered \(status): \(snippet)", code: "http-\(status)")
        }
    }

    /// A short, single-line, secret-free excerpt of a body for error messages.
    static func bodySnippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(160), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return body.isEmpty ? "(empty body)" : SecretRedactor.shared.redact(text) + (body.count > 160 ? "…" : "")
    }

    /// `Retry-After` as seconds (the HTTP-date form is rare from APIs and treated as absent).
    static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }
}
