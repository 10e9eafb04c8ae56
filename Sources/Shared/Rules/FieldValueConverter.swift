import Foundation

/// Converts event text into the value shapes Planfix REST expects per custom field type:
/// string → "text"; number → 12.5; checkbox → true; date → {"date":"dd-MM-yyyy"};
/// date-time → {"date":"dd-MM-yyyy","time":"HH:mm"}; directory entry → {"id":N}.
/// Dates are rearranged as text (no time-zone conversion: UIS sends account-local times, Planfix shows them
/// as given). How it fails: `.failure` with a reason; nothing is guessed.
public enum FieldValueConverter {
    public struct Failure: Error, Sendable, Hashable { public let reason: String }

    public static func convert(_ raw: String, _ m: FieldMapping) -> Result<JSONValue, Failure> {
        let text = TemplateText.sanitize(raw).trimmingCharacters(in: .whitespaces)
        switch m.type {
        case .string:
            return .success(.string(String(text.prefix(2000))))
        case .number:
            guard let n = number(text) else { return .failure(Failure(reason: "\"\(text.prefix(40))\" is not a number")) }
            return .success(.number(n))
        case .checkbox:
            switch text.lowercased() {
            case "true", "1", "yes", "да", "on": return .success(.bool(true))
            case "false", "0", "no", "нет", "off": return .success(.bool(false))
            default: return .failure(Failure(reason: "\"\(text.prefix(40))\" is not a yes/no value"))
            }
        case .date, .dateTime:
            guard let d = dateParts(text) else { return .failure(Failure(reason: "\"\(text.prefix(40))\" is not a date")) }
            let date = String(format: "%02d-%02d-%04d", d.day, d.month, d.year)
            if m.type == .date { return .success(.object(["date": .string(date)])) }
            return .success(.object(["date": .string(date), "time": .string(String(format: "%02d:%02d", d.hour, d.minute))]))
        case .directoryEntry:
            switch m.directoryLookup {
            case .byId:
                guard let id = Int(text), id > 0 else { return .failure(Failure(reason: "\"\(text.prefix(40))\" is not a directory entry id")) }
                return .success(.object(["id": .number(Double(id))]))
            case .byValue:
                let key = FilterMatcher.normalizeText(text)
                guard let id = m.directoryEntries.first(where: { FilterMatcher.normalizeText($0.key) == key })?.value else {
                    return .failure(Failure(reason: "no directory entry for \"\(text.prefix(40))\""))
                }
                return .success(.object(["id": .number(Double(id))]))
            }
        }
    }

    /// "1 234,50" → 1234.5; rejects text, NaN and infinities.
    static func number(_ text: String) -> Double? {
        let cleaned = text.filter { !$0.isWhitespace && $0 != "\u{00A0}" }.replacingOccurrences(of: ",", with: ".")
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let n = Double(cleaned), n.isFinite else { return nil }
        return n
    }

    struct DateParts: Equatable { var year, month, day, hour, minute: Int }

    /// Accepts "yyyy-MM-dd[ HH:mm[:ss[.fff]]]", "yyyy-MM-ddTHH:mm…", "dd.MM.yyyy[ HH:mm]", "dd-MM-yyyy[ HH:mm]".
    static func dateParts(_ text: String) -> DateParts? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard (1...2).contains(parts.count) else { return nil }
        let d = parts[0].split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "/" }).map { Int($0) }
        guard d.count == 3, let a = d[0], let b = d[1], let c = d[2] else { return nil }
        let (year, month, day) = parts[0].split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "/" })[0].count == 4 ? (a, b, c) : (c, b, a)
        guard (1900...2200).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
        var hour = 0, minute = 0
        if parts.count == 2 {
            let t = parts[1].split(separator: ":").map { Int($0.prefix { $0.isNumber }) }
            guard t.count >= 2, let h = t[0], let mi = t[1], (0...23).contains(h), (0...59).contains(mi) else { return nil }
            hour = h
            minute = mi
        }
        return DateParts(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
