import Foundation

/// Checks raw JSON bytes for nesting depth before any recursive parser sees them, so a hostile document
/// (`[[[[…` a million deep) is refused instead of overflowing the stack. Strings and escapes are skipped.
enum JSONDepthScanner {
    /// A message when the document nests deeper than `maxDepth`, else nil. Malformed JSON is left to the parser.
    static func problem(_ data: Data, maxDepth: Int) -> String? {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return "JSON nesting deeper than \(maxDepth) levels" }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }
}
