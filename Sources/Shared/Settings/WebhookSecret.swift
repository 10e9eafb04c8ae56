import Foundation

/// The per-tenant secret carried in webhook URLs (`/hooks/<tenant>/<secret>/...`), and how it is checked.
///
/// Why in the URL: UIS notifications and Planfix's «Адрес АТС» cannot carry custom headers, so the URL is the
/// only thing every sender can be given. How it fails: a malformed secret is refused by settings validation
/// (without echoing it); `matches` never returns early, so response timing does not tell an attacker how many
/// leading characters were right, and an unknown tenant is checked against a dummy so it looks the same.
public enum WebhookSecret {
    public static let minLength = 16
    public static let maxLength = 128

    /// 16-128 characters of `A-Z a-z 0-9 - _` (safe in a URL path without escaping).
    public static func isWellFormed(_ secret: String) -> Bool {
        let bytes = secret.utf8
        return (minLength...maxLength).contains(bytes.count) && bytes.allSatisfy(isURLSafe)
    }

    /// A new random secret: 32 URL-safe characters (~190 bits).
    public static func generate() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<32).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
    }

    /// Constant-time comparison of a presented secret with the expected one (nil: no tenant or no secret
    /// configured, compared with a dummy so the work done is the same, and always false).
    public static func matches(presented: String, expected: String?) -> Bool {
        let reference = Array((expected ?? dummy).utf8)
        let given = Array(presented.utf8)
        var difference = reference.count ^ given.count
        for index in 0..<reference.count {
            difference |= Int(reference[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0 && expected != nil
    }

    private static let dummy = String(repeating: "x", count: 32)

    private static func isURLSafe(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 45 || c == 95
    }
}
