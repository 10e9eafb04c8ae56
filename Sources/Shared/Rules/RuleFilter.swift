import Foundation

/// One leaf of a filter: «field operator values», e.g. site is one of [a.ru, b.ru].
public struct FilterCondition: Sendable, Hashable {
    public var field: FilterField
    public var op: FilterOperator
    public var values: [String]

    public init(_ field: FilterField, _ op: FilterOperator, _ values: [String] = []) {
        self.field = field
        self.op = op
        self.values = values
    }
}

/// A filter expression: conditions combined with AND (`all`) and OR (`any`), nested freely.
///
/// Why a tree: the UIS screens combine conditions through И/ИЛИ, and rules for responsibles reuse the same
/// filters. How it fails: an empty group has no honest meaning (vacuous AND passes everything, vacuous OR
/// nothing), so validation rejects it and `evaluate` throws `RulesEngineError.emptyGroup` instead of picking
/// one; a field the flow does not offer throws `fieldNotAllowed`; nesting deeper than `maxDepth` is rejected.
public indirect enum RuleFilter: Sendable, Hashable {
    case condition(FilterCondition)
    case all([RuleFilter])
    case any([RuleFilter])

    /// The deepest nesting accepted in a settings document (a condition alone has depth 1).
    public static let maxDepth = 6

    public var depth: Int {
        switch self {
        case .condition: return 1
        case let .all(items), let .any(items): return 1 + (items.map(\.depth).max() ?? 0)
        }
    }

    /// Whether the event passes. Throws when the filter is not applicable to the event's flow.
    public func evaluate(_ event: RuleEvent) throws -> Bool {
        switch self {
        case let .condition(c):
            guard FilterField.allowed(in: event.flow).contains(c.field) else {
                throw RulesEngineError.fieldNotAllowed(c.field.rawValue, event.flow)
            }
            guard c.op.arity.contains(c.values.count) else { throw RulesEngineError.badArity(c.op.rawValue) }
            return FilterMatcher.matches(c, event.value(c.field.parameterKey))
        case let .all(items):
            guard !items.isEmpty else { throw RulesEngineError.emptyGroup }
            for item in items where try !item.evaluate(event) { return false }
            return true
        case let .any(items):
            guard !items.isEmpty else { throw RulesEngineError.emptyGroup }
            for item in items where try item.evaluate(event) { return true }
            return false
        }
    }
}

/// The «Фильтровать …» switch with its optional filter. Article semantics: switched off → every event
/// passes; switched on with no condition → every event passes; otherwise the filter decides.
public struct FilterSetting: Sendable, Hashable {
    public var enabled: Bool
    public var rule: RuleFilter?

    public init(enabled: Bool = false, rule: RuleFilter? = nil) {
        self.enabled = enabled
        self.rule = rule
    }

    public func passes(_ event: RuleEvent) throws -> Bool {
        guard enabled, let rule else { return true }
        return try rule.evaluate(event)
    }
}

/// Errors the engine raises when asked to apply settings that validation would have rejected.
public enum RulesEngineError: Error, Sendable, Equatable {
    case fieldNotAllowed(String, RuleFlow)
    case badArity(String)
    case emptyGroup
    case unknownParameter(String)
    case choiceNotAllowed(String, RuleFlow)
}

/// Comparison semantics of one condition against one parameter value.
enum FilterMatcher {
    static func matches(_ c: FilterCondition, _ raw: String?) -> Bool {
        let items: [String]
        if let raw {
            items = c.field.isList
                ? raw.split(separator: ",").map { normalizeText(String($0)) }.filter { !$0.isEmpty }
                : [raw]
        } else {
            items = []
        }
        switch c.op {
        case .isEmpty: return items.isEmpty
        case .isNotEmpty: return !items.isEmpty
        case .is, .isOneOf: return items.contains { item in c.values.contains { equal(c.field, item, $0) } }
        case .isNot: return !items.contains { item in c.values.contains { equal(c.field, item, $0) } }
        case .contains: return items.contains { item in c.values.contains { contains(c.field, item, $0) } }
        }
    }

    /// Lower-cased, trimmed, inner whitespace collapsed.
    static func normalizeText(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func equal(_ field: FilterField, _ a: String, _ b: String) -> Bool {
        if field.isPhone, let pa = PhoneNumber(parsing: a), let pb = PhoneNumber(parsing: b) { return pa.e164 == pb.e164 }
        if field.isPhone, PhoneNumber.isExtension(a) || PhoneNumber.isExtension(b) { return digits(a) == digits(b) }
        return normalizeText(a) == normalizeText(b)
    }

    static func contains(_ field: FilterField, _ haystack: String, _ needle: String) -> Bool {
        if field.isPhone {
            let n = digits(needle)
            guard !n.isEmpty else { return false }
            let h = PhoneNumber(parsing: haystack)?.digits ?? digits(haystack)
            return h.contains(n)
        }
        let n = normalizeText(needle)
        return !n.isEmpty && normalizeText(haystack).contains(n)
    }

    static func digits(_ s: String) -> String { s.filter { $0.isASCII && $0.isNumber } }
}
