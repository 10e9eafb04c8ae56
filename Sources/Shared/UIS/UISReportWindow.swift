import Foundation

/// The `date_from`/`date_till` window of a UIS report: formatted as `YYYY-MM-DD hh:mm:ss` in the account's
/// timezone and at most 3 months long (uis-api.md §1.5, §2.1).
///
/// Why it exists: a too-long window costs a point and comes back as `date_interval_limit_reached`; checking it
/// locally turns a programming error into an immediate permanent failure. `split` cuts a long period into legal
/// windows for back-fills. How it fails: `validated` throws `JobFailure.permanent` (`uis-data-window`) for an
/// empty, reversed or too-long window.
public struct UISReportWindow: Sendable, Equatable {
    public var from: Date
    public var till: Date
    public var timeZone: TimeZone

    public init(from: Date, till: Date, timeZone: TimeZone = UISAssumptions.defaultReportTimeZone) {
        self.from = from
        self.till = till
        self.timeZone = timeZone
    }

    /// `2024-05-01 00:00:00`.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// Parses a UIS report date (`2024-05-01 10:00:00`, optionally with fractional seconds).
    public static func parse(_ text: String, in timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let trimmed = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        return formatter.date(from: trimmed)
    }

    public var dateFrom: String { Self.format(from, in: timeZone) }
    public var dateTill: String { Self.format(till, in: timeZone) }

    /// The latest legal `till` for this `from`.
    public func maxTill(months: Int = UISAssumptions.maxReportWindowMonths) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(byAdding: .month, value: months, to: from) ?? from
    }

    /// Throws unless `from < till <= from + 3 months` (or `maxDays` when given, e.g. 30 for chat messages).
    public func validated(maxDays: Int? = nil) throws -> UISReportWindow {
        let limit = maxDays.map { from.addingTimeInterval(Double($0) * 86_400) } ?? maxTill()
        guard from < till else {
            throw JobFailure.permanent("uis-data: report window \(dateFrom)..\(dateTill) is empty or reversed", errorClass: "uis-data-window")
        }
        guard till <= limit else {
            throw JobFailure.permanent("uis-data: report window \(dateFrom)..\(dateTill) exceeds the API's maximum", errorClass: "uis-data-window")
        }
        return self
    }

    /// Consecutive legal windows covering `from..<till`.
    public static func split(from: Date, till: Date, timeZone: TimeZone = UISAssumptions.defaultReportTimeZone) -> [UISReportWindow] {
        var windows: [UISReportWindow] = []
        var start = from
        while start < till {
            let end = min(UISReportWindow(from: start, till: till, timeZone: timeZone).maxTill(), till)
            windows.append(UISReportWindow(from: start, till: end, timeZone: timeZone))
            start = end
        }
        return windows
    }
}

/// A `get.*` filter: a condition `{field, operator, value}` or a group `{filters, condition}` (nestable).
public indirect enum UISFilter: Sendable, Equatable, Encodable {
    case condition(field: String, operator: String, value: JSONValue)
    case all([UISFilter])
    case any([UISFilter])

    public static func equals(_ field: String, _ value: JSONValue) -> UISFilter { .condition(field: field, operator: "=", value: value) }

    enum CodingKeys: String, CodingKey { case field, `operator`, value, filters, condition }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .condition(field, op, value):
            try c.encode(field, forKey: .field)
            try c.encode(op, forKey: .operator)
            try c.encode(value, forKey: .value)
        case let .all(filters):
            try c.encode(filters, forKey: .filters)
            try c.encode("and", forKey: .condition)
        case let .any(filters):
            try c.encode(filters, forKey: .filters)
            try c.encode("or", forKey: .condition)
        }
    }
}

/// A `sort` entry.
public struct UISSort: Sendable, Equatable, Encodable {
    public var field: String
    public var order: String
    public init(_ field: String, ascending: Bool = true) {
        self.field = field
        order = ascending ? "asc" : "desc"
    }
}

/// One page of a `get.*` answer.
public struct UISPage<Row: Sendable>: Sendable {
    public var rows: [Row]
    /// `metadata.total_items`.
    public var totalItems: Int?
    public var limits: UISLimits?
}
