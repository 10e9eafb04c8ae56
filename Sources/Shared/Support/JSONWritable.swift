/// A value that writes its own JSON straight into a `JSONWriter`: the ingest's payloads, which would otherwise be
/// built as a `JSONValue` tree (a dictionary per object) only to be written out again.
public protocol JSONWritable {
    func writeJSON(to w: inout JSONWriter)
}

extension JSONValue: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) { w.value(self) }
}

extension JSONWriter {
    /// The JSON of one value.
    public static func bytes(of value: some JSONWritable, capacity: Int = 512) -> [UInt8] {
        var w = JSONWriter(capacity: capacity)
        value.writeJSON(to: &w)
        return w.bytes
    }
}

extension JSONWriter.ObjectWriter {
    public mutating func value(_ key: String, _ v: some JSONWritable) { field(key) { v.writeJSON(to: &$0) } }
    public mutating func ints(_ key: String, _ list: [Int64]) {
        field(key) { w in
            w.raw("[")
            for (i, n) in list.enumerated() {
                if i > 0 { w.raw(",") }
                w.int(n)
            }
            w.raw("]")
        }
    }
    public mutating func strings(_ key: String, _ list: [String]) {
        field(key) { w in
            w.raw("[")
            for (i, s) in list.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(s)
            }
            w.raw("]")
        }
    }
}
