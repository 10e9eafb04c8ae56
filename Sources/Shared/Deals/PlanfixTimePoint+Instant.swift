import Foundation

extension PlanfixTimePoint {
    /// The moment this `TimePoint` names: its ISO `datetime` (UTC) when present, else `date` (`dd-MM-yyyy`) and
    /// `time` (`HH:mm`, midnight when absent) in `timeZone` (`DealAssumptions.taskCreationFromDateTime`).
    public func instant(in timeZone: TimeZone = DealAssumptions.timeZone) -> Date? {
        if let iso = datetime?.trimmingCharacters(in: .whitespaces), !iso.isEmpty {
            for format in ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX"] {
                if let d = Self.formatter(format, TimeZone(identifier: "UTC")!).date(from: iso) { return d }
            }
        }
        guard let date = date?.trimmingCharacters(in: .whitespaces), !date.isEmpty else { return nil }
        let time = (self.time?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? "00:00"
        return Self.formatter("dd-MM-yyyy HH:mm", timeZone).date(from: "\(date) \(time)")
    }

    private static func formatter(_ format: String, _ timeZone: TimeZone) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = timeZone
        f.dateFormat = format
        return f
    }
}
