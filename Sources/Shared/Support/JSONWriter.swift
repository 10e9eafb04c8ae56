/// Appends JSON to a byte buffer without Foundation's `JSONEncoder`, for the hot paths (job envelopes, webhook
/// payloads) where the encoder's reflection cost dominated the ingest's CPU (bench/ingest.sh's profile).
///
/// The output decodes with `JSONDecoder` to the same values as `JSONEncoder`'s would: numbers that are whole
/// and below 9e15 are written as integers (as `JSONValue` encodes them), other finite numbers in Swift's shortest
/// form, non-finite ones as `null` (JSON has no NaN); strings escape `"`, `\` and control characters.
/// How it fails: it cannot; callers own the shape (keys written once, values in order).
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: append them whole (byte by byte cost a few percent of a webhook's CPU),
        // checked over the contiguous UTF-8 (`utf8.allSatisfy` went through the string's index machinery).
        var s = s
        let plain = s.withUTF8 { utf8 -> Bool in
            for c in utf8 where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(c >> 4)])
                bytes.append(hex[Int(c & 0x0F)])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ n: Int64) { bytes.append(contentsOf: String(n).utf8) }

    public mutating func number(_ n: Double) {
        if !n.isFinite { raw("null") }
        else if n == n.rounded(), abs(n) < 9e15 { int(Int64(n)) }
        else { bytes.append(contentsOf: String(n).utf8) }
    }

    public mutating func bool(_ b: Bool) { b ? raw("true") : raw("false") }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case let .bool(b): bool(b)
        case let .number(n): number(n)
        case let .string(s): string(s)
        case let .array(items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .object(fields):
            bytes.append(UInt8(ascii: "{"))
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                string(key)
                bytes.append(UInt8(ascii: ":"))
                value(fields[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// An object built field by field: `var o = writer.object(); o.field("a") { $0.int(1) }`.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var o = ObjectWriter(writer: self)
        bytes = []
        o.writer.bytes.append(UInt8(ascii: "{"))
        body(&o)
        o.writer.bytes.append(UInt8(ascii: "}"))
        self = o.writer
    }

    public struct ObjectWriter {
        var writer: JSONWriter
        var count = 0

        /// Writes `"key":` then the value.
        public mutating func field(_ key: String, _ value: (inout JSONWriter) -> Void) {
            if count > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            count += 1
            writer.string(key)
            writer.bytes.append(UInt8(ascii: ":"))
            value(&writer)
        }

        public mutating func string(_ key: String, _ v: String?) { if let v { field(key) { $0.string(v) } } }
        public mutating func int(_ key: String, _ v: Int64?) { if let v { field(key) { $0.int(v) } } }
        public mutating func bool(_ key: String, _ v: Bool?) { if let v { field(key) { $0.bool(v) } } }
        public mutating func value(_ key: String, _ v: JSONValue) { field(key) { $0.value(v) } }
    }
}
