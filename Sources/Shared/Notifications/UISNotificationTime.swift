import Foundation

/// Parses UIS's `notification_time` (`yyyy-MM-dd HH:mm:ss` with an optional `.SSS` fraction, e.g.
/// `2019-12-16 14:40:47.234`) as wall-clock time in the account timezone (assumed Moscow) into epoch ms.
///
/// Why hand-written: it is pure, locale-free and strict about ranges (`2019-02-30` is refused), and cheap
/// enough to run on every webhook. A `T` separator and 1–9 fraction digits (truncated to ms) are accepted.
/// How it fails: nil for anything else; the caller keeps the raw text and leaves the time unset.
public enum UISNotificationTime {
    public static func epochMilliseconds(_ text: String,
                                         in timeZone: TimeZone = UISNotificationAssumptions.notificationTimeZone) -> Int64? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(b[0..<4]), let month = number(b[5..<7]), let day = number(b[8..<10]),
              let hour = number(b[11..<13]), let minute = number(b[14..<16]), let second = number(b[17..<19]),
              (1970...2200).contains(year), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        var millis = 0
        if b.count > 19 {
            let fraction = b[20...]
            guard b[19] == UInt8(ascii: "."), (1...9).contains(fraction.count), number(fraction) != nil else { return nil }
            let three = Array(fraction.prefix(3)) + Array(repeating: UInt8(ascii: "0"), count: max(0, 3 - fraction.count))
            millis = number(three[...]) ?? 0
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: parts) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(millis)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(d - UInt8(ascii: "0"))
        }
        return digits.isEmpty ? nil : n
    }
}
