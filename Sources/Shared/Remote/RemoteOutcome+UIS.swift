import Foundation

extension RemoteOutcome {
    /// UIS mnemonics (reference uis-api.md §1.4) that mean the tenant's key or account is refused.
    static let uisCredentialMnemonics: Set<String> = [
        "access_token_expired", "access_token_blocked", "access_token_invalid", "auth_error", "ip_not_whitelisted",
        "forbidden", "account_inactive", "method_component_disabled", "parameter_component_disabled", "component_disabled",
    ]
    /// Mnemonics worth repeating.
    static let uisTransientMnemonics: Set<String> = ["internal_error"]

    /// Classifies a UIS Data or Call API answer (JSON-RPC 2.0; errors usually come with HTTP 200).
    public static func uis(status: Int, body: [UInt8], retryAfter: String? = nil) -> RemoteOutcome {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return httpOnly(status: status, body: body, retryAfter: retryAfter, service: "UIS")
        }
        guard let error = json["error"] as? [String: Any] else {
            if (200..<300).contains(status), json["result"] != nil { return .success }
            return httpOnly(status: status, body: body, retryAfter: retryAfter, service: "UIS")
        }
        let code = (error["code"] as? NSNumber)?.intValue ?? 0
        let message = (error["message"] as? String) ?? ""
        let data = error["data"] as? [String: Any]
        let mnemonic = (data?["mnemonic"] as? String) ?? ""
        let field = (data?["field"] as? String).map { " (field \($0))" } ?? ""
        let reason = "\(mnemonic.isEmpty ? "code \(code)" : mnemonic)\(field): \(message.prefix(300))"
        if uisCredentialMnemonics.contains(mnemonic) || (mnemonic.isEmpty && [-32001, -32003, -32009].contains(code)) {
            return .credentials(reason: reason)
        }
        if mnemonic == "limit_exceeded" || code == -32029 {
            // "Limit per {limit_type} has been exceeded": a daily limit waits for the reset; a minute limit is
            // retried after it.
            let limits = (json["result"] as? [String: Any])?["metadata"] as? [String: Any]
            let perDay = message.lowercased().contains("day")
            if perDay {
                let reset = ((limits?["limits"] as? [String: Any])?["day_reset"] as? NSNumber)?.doubleValue
                return .quotaExhausted(reason: reason, resetIn: reset.map { .seconds($0) } ?? .seconds(3600))
            }
            return .transient(reason: reason, retryAfter: parseRetryAfter(retryAfter) ?? .seconds(60))
        }
        if uisTransientMnemonics.contains(mnemonic) || code == -32603 {
            return .transient(reason: reason, retryAfter: parseRetryAfter(retryAfter))
        }
        return .permanent(reason: reason, code: "uis-\(mnemonic.isEmpty ? String(code) : mnemonic)")
    }
}
