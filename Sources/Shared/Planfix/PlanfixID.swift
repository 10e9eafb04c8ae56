/// An id as Planfix returns it: a number (`12`), a numeric string (`"12"`) or a prefixed string (`"contact:12"`,
/// `"user:5"`, `"group:3"`; reference planfix-api.md §1.3), depending on the entity, the endpoint and `prefixedId`.
///
/// Why it exists: people fields (`PersonResponse.id`) are strings, entity ids are numbers, and list calls switch
/// between both; one tolerant type keeps the response structs from failing on either. How it fails: decoding
/// throws only when the value is neither a number nor a string; a string without digits keeps `number == nil`.
public struct PlanfixID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The prefix (`user`, `contact`, `group`), or nil for a bare number.
    public let prefix: String?
    /// The numeric part, when there is one.
    public let number: Int?
    /// The id as received (a number rendered as decimal).
    public let raw: String

    public init(_ number: Int, prefix: String? = nil) {
        self.prefix = prefix
        self.number = number
        raw = prefix.map { "\($0):\(number)" } ?? String(number)
    }

    public init(parsing text: String) {
        raw = text
        if let colon = text.lastIndex(of: ":") {
            prefix = String(text[..<colon])
            number = Int(text[text.index(after: colon)...])
        } else {
            prefix = nil
            number = Int(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) {
            self.init(n)
        } else if let d = try? c.decode(Double.self), d == d.rounded(), abs(d) < 9e15 {
            self.init(Int(d))
        } else {
            self.init(parsing: try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if prefix == nil, let number { try c.encode(number) } else { try c.encode(raw) }
    }

    public var description: String { raw }
}
