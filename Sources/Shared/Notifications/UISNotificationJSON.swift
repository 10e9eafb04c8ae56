import Foundation

/// Turns a notification body into its variable bag, with the size and nesting guards applied before any
/// JSON decoding so a hostile body cannot cost memory or stack.
///
/// How it fails: over `maxBodyBytes` → `tooLarge`; nesting over `maxNestingDepth` → `tooDeep`; undecodable
/// → `notJSON`; valid JSON that is not an object → `notObject`. The Content-Type header is not consulted.
enum UISNotificationJSON {
    static func fields(fromBody body: Data) throws(UISNotificationError) -> UISNotificationFields {
        guard body.count <= UISNotificationAssumptions.maxBodyBytes else { throw .tooLarge }
        // The scanner refuses nesting over its limit without recursing further, so the usual body is read in one
        // pass; only a refused one is scanned again to tell "too deep" from "not JSON".
        guard let value = JSONScanner.parseMembers([UInt8](body), maxDepth: UISNotificationAssumptions.maxNestingDepth) else {
            if let depth = nestingDepth(body), depth > UISNotificationAssumptions.maxNestingDepth { throw .tooDeep }
            throw .notJSON
        }
        guard case let .members(members) = value else { throw .notObject }
        return UISNotificationFields(members: members)
    }

    /// The deepest nesting of `[`/`{` outside strings; nil when brackets are unbalanced or a string is unclosed
    /// (so it is certainly not JSON). Stops counting early once the limit is exceeded.
    static func nestingDepth(_ body: Data) -> Int? {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in body {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > UISNotificationAssumptions.maxNestingDepth { return deepest }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth < 0 { return nil }
            default: break
            }
        }
        return inString || depth != 0 ? nil : deepest
    }
}
