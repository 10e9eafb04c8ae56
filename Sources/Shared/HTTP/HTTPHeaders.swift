/// Ordered HTTP header fields as received (or as to be sent).
///
/// Names keep their original spelling; look-ups compare names ASCII case-insensitively.
/// Repeated fields stay separate entries in arrival order: `subscript` returns the first,
/// `values(for:)` all of them. Nothing here validates bytes: the parser does that on the way in.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)

    @usableFromInline
    var fields: [Element]

    public init() { fields = [] }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Number of fields, repeated names counted once per occurrence.
    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value whose name matches `name` case-insensitively.
    public subscript(name: String) -> String? {
        for field in fields where Self.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// Every value whose name matches `name` case-insensitively, in arrival order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// ASCII case-insensitive comparison (header names are ASCII tokens).
    static func namesEqual(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                x.count == y.count && HTTPBytes.equalsIgnoringCase(UnsafeRawBufferPointer(x), y)
            }
        }
    }
}
