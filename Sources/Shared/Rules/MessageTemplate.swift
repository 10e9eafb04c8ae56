/// A text with `{{parameter}}` placeholders, rendered into a Planfix task title or contact name.
///
/// Why it exists: customers edit titles in the settings; rendering must never produce garbage in Planfix.
/// How it fails: rendering never fails. A missing value drops its placeholder together with what it leaves
/// dangling (a separator like " - ", ", ", an empty "()", a preposition such as «от» right before it); values
/// lose control characters, line breaks and `<`/`>` (Planfix reads names as HTML); the result is capped at
/// `maxLength`. Problems in the text itself (unknown names, an unclosed `{{`) are found by `problems(in:)`.
public struct MessageTemplate: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case text(String)
        case parameter(String)
    }

    public let source: String
    let pieces: [Piece]
    /// Set when the text has an unclosed `{{` or an empty/ill-formed placeholder (rendered literally).
    let malformed: String?

    public init(_ source: String) {
        self.source = source
        var pieces: [Piece] = []
        var malformed: String?
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                malformed = malformed ?? "unclosed placeholder \"{{\""
                pieces.append(.text(String(rest[open.lowerBound...])))
                rest = ""
                break
            }
            let name = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.isEmpty || !name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }) {
                malformed = malformed ?? "malformed placeholder \"{{\(after[..<close.lowerBound])}}\""
                pieces.append(.text(String(rest[open.lowerBound..<close.upperBound])))
            } else {
                pieces.append(.parameter(name))
            }
            rest = after[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
        self.malformed = malformed
    }

    /// Parameter names used, in order of appearance.
    public var parameterNames: [String] {
        pieces.compactMap { if case let .parameter(p) = $0 { return p } else { return nil } }
    }

    /// Human-readable problems of this template for a catalogue: unknown parameters (by name), malformed text.
    public func problems(in catalogue: TemplateCatalogue) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for name in parameterNames where !catalogue.keys.contains(name) && seen.insert(name).inserted {
            out.append("unknown parameter {{\(name)}}")
        }
        if let malformed { out.append(malformed) }
        return out
    }

    /// Renders against an event. Never fails; see the type's documentation for the clean-up rules.
    public func render(_ event: RuleEvent, maxLength: Int) -> String {
        var parts: [String] = []
        var dropLeadingSeparator = false
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case let .text(t):
                let clean = TemplateText.sanitize(t)
                parts.append(dropLeadingSeparator ? TemplateText.dropLeadingSeparator(clean) : clean)
                dropLeadingSeparator = false
            case let .parameter(p):
                if let v = event.value(p).map(TemplateText.sanitize), !v.trimmingCharacters(in: .whitespaces).isEmpty {
                    parts.append(v.trimmingCharacters(in: .whitespaces))
                } else {
                    var trimmedBefore = false
                    if index > 0, case .text = pieces[index - 1] {
                        let before = TemplateText.dropDangling(before: parts[index - 1])
                        trimmedBefore = before != parts[index - 1]
                        parts[index - 1] = before
                    }
                    dropLeadingSeparator = !trimmedBefore
                    parts.append("")
                }
            }
        }
        return TemplateText.cap(TemplateText.tidy(parts.joined()), maxLength)
    }
}
