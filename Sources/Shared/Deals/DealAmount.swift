/// The deal's amount read from the tenant's numeric custom field.
///
/// Why it is strict: UIS counts `revenue` as money earned from an ad campaign, so a value that is not a
/// number must never become 0 or a guess. Accepted: JSON numbers, and strings that are a plain decimal number
/// (spaces, non-breaking spaces and a decimal comma allowed, as Planfix users type and some field types return).
public enum DealAmount: Sendable, Equatable {
    /// The field is absent, null or blank.
    case missing
    /// The field holds something that is not a finite, non-negative number (kept, shortened, for the report).
    case invalid(String)
    case value(Double)

    public init(_ raw: JSONValue?) {
        switch raw {
        case nil, .null?: self = .missing
        case let .number(d)?: self = d.isFinite && d >= 0 ? .value(d) : .invalid(String(d))
        case let .string(s)?: self = Self.parse(s)
        case let .object(o)?:
            // Some field types answer `{"value": …}`; anything else is not an amount.
            if let inner = o["value"], o.count == 1 { self = DealAmount(inner) } else { self = .invalid("an object") }
        case let .bool(b)?: self = .invalid(String(b))
        case .array?: self = .invalid("a list")
        }
    }

    static func parse(_ text: String) -> DealAmount {
        var cleaned = ""
        for c in text where !(c == " " || c == "\u{00A0}" || c == "\u{202F}" || c == "\t" || c == "\n") {
            cleaned.append(c == "," ? "." : c)
        }
        if cleaned.isEmpty { return .missing }
        let shown = String(text.prefix(40))
        guard cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), cleaned.filter({ $0 == "." }).count <= 1,
              cleaned.first != ".", cleaned.last != ".", let d = Double(cleaned), d.isFinite else { return .invalid(shown) }
        return .value(d)
    }
}
