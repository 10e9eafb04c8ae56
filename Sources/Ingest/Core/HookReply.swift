import Foundation
import Shared

/// The JSON answers of the webhook routes. Reasons are short, fixed texts: never a secret, never echoed input.
enum HookReply {
    static func ok(duplicate: Bool = false) -> HTTPResponse { duplicate ? okDuplicate : okStored }
    /// Built once: these answer nearly every webhook.
    private static let okStored = HTTPResponse.json(Array(#"{"ok":true}"#.utf8))
    private static let okDuplicate = HTTPResponse.json(Array(#"{"ok":true,"duplicate":true}"#.utf8))

    static func error(_ status: Int, _ reason: String) -> HTTPResponse {
        .json(encode(["error": .string(reason)]), status: status)
    }

    /// Unknown tenant, wrong secret and unknown route all look exactly like this.
    static let notFound = error(404, "not found")
    static let storageUnavailable = error(503, "storage unavailable, please retry")

    static func encode(_ object: [String: JSONValue]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(JSONValue.object(object)))) ?? Array("{}".utf8)
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}
