import Foundation

/// A strict RFC 8259 parser from bytes to `JSONValue`, for the ingest's hot path (Foundation's `JSONDecoder`
/// into `JSONValue` cost about 40 µs per notification; bench/ingest.sh's profile).
///
/// Strict where `JSONDecoder` is: one value with optional whitespace around it, no comments,
/// no leading zeros, valid escapes (surrogate pairs combined), strings of valid UTF-8 without raw control
/// characters. Guarded: nesting deeper than `maxDepth` is refused before it can cost stack. Duplicate keys: the
/// last wins. Like Foundation's decoder, one trailing comma before `}` or `]` is tolerated. How it fails: `nil` for anything that is not one well-formed JSON value (callers say why).
public enum JSONScanner {
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) -> JSONValue? {
        whole(bytes, maxDepth: maxDepth) { $0.value(depth: 0) }
    }

    /// What `read` makes of `bytes` when it reads one value and only whitespace follows it; nil otherwise.
    private static func whole<T>(_ bytes: [UInt8], maxDepth: Int, _ read: (inout Scanner) -> T?) -> T? {
        bytes.withUnsafeBufferPointer { buffer -> T? in
            var scanner = Scanner(bytes: buffer, maxDepth: maxDepth)
            guard let value = read(&scanner) else { return nil }
            scanner.skipWhitespace()
            return scanner.index == buffer.count ? value : nil
        }
    }

    public static func parse(_ data: Data, maxDepth: Int = 64) -> JSONValue? { parse([UInt8](data), maxDepth: maxDepth) }

    /// What `parseMembers` read: a top-level object's members, or that the JSON was well formed but no object.
    public enum TopLevel: Sendable {
        /// The members in document order, duplicates included (the reader decides which wins).
        case members([JSONMember])
        case notObject
    }

    /// Like `parse`, but a top-level object comes back as its members in document order instead of a dictionary:
    /// the ingest reads each of a notification's 20-40 members about once, and building and hashing a dictionary
    /// for that cost about 1 µs of the 6 it took to read one. Nested objects are dictionaries as usual. nil for
    /// anything that is not one well-formed JSON value.
    public static func parseMembers(_ bytes: [UInt8], maxDepth: Int = 64) -> TopLevel? {
        whole(bytes, maxDepth: maxDepth) { scanner -> TopLevel? in
            scanner.skipWhitespace()
            if scanner.index < scanner.bytes.count, scanner.bytes[scanner.index] == UInt8(ascii: "{"), maxDepth > 0 {
                return scanner.members(depth: 1).map(TopLevel.members)
            }
            return scanner.value(depth: 0).map { _ in .notObject }
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        }

        mutating func value(depth: Int) -> JSONValue? {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return depth < maxDepth ? object(depth: depth + 1) : nil
            case UInt8(ascii: "["): return depth < maxDepth ? array(depth: depth + 1) : nil
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return nil }
            for i in 0..<count where bytes[index + i] != word.utf8Start[i] { return nil }
            index += count
            return value
        }

        mutating func object(depth: Int) -> JSONValue? {
            var fields: [String: JSONValue] = [:]
            // A notification is one object of 10-40 fields: sized once instead of grown (rehashed) five times.
            if depth == 1 { fields.reserveCapacity(32) }
            return readMembers(depth: depth) { fields[$0] = $1 } ? .object(fields) : nil
        }

        /// At an opening brace: the object's members in document order.
        mutating func members(depth: Int) -> [JSONMember]? {
            var members: [JSONMember] = []
            members.reserveCapacity(32)
            return readMembers(depth: depth) { members.append(JSONMember(key: $0, value: $1)) } ? members : nil
        }

        /// At an opening brace: reads the object, handing each member to `add`; false when it is not well formed.
        mutating func readMembers(depth: Int, _ add: (String, JSONValue) -> Void) -> Bool {
            index += 1
            var empty = true
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return true }
            while true {
                skipWhitespace()
                if !empty, index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return true }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return false }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard let v = value(depth: depth) else { return false }
                add(key, v)
                empty = false
                skipWhitespace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return true }
                return false
            }
        }

        mutating func array(depth: Int) -> JSONValue? {
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                if !items.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                guard let v = value(depth: depth) else { return nil }
                items.append(v)
                skipWhitespace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                return nil
            }
        }

        /// At an opening quote: the decoded string, the index past the closing quote.
        mutating func string() -> String? {
            index += 1
            let start = index
            var ascii = true
            // Fast path: no escapes.
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    // ASCII is valid UTF-8 as it is; `String(validating:)` (generic, unspecialized) only when needed.
                    let s = ascii ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
                    index += 1
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { return nil }
                if c >= 0x80 { ascii = false }
                index += 1
            }
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let c = bytes[index]
                switch c {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(validating: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { return nil }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                            index += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            return nil
                        }
                        guard let u = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: return nil
                    }
                default:
                    if c < 0x20 { return nil }
                    out.append(c)
                    index += 1
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() -> JSONValue? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while index < bytes.count, isDigit(bytes[index]) { index += 1 } }
            var integral = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                integral = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { return nil }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                integral = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { return nil }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if integral, let i = Int64(text) { return .number(Double(i)) }
            return Double(text).map(JSONValue.number)
        }

        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    }
}

/// One member of a JSON object, as `JSONScanner.parseMembers` reads it.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
