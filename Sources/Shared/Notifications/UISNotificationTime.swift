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
        let b = Array(UISNotificationFields.trimmed(text).utf8)
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
        guard day <= daysIn(month: month, year: year) else { return nil }
        // Wall clock → UTC: subtract the zone's offset at that instant (asked twice, so a wall-clock time just after
        // a DST change gets the new offset; Moscow has had none since 2014). Calendar arithmetic cost more than the
        // rest of the notification's parsing.
        let wall = (daysSinceEpoch(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
        let guess = wall - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
        let utc = wall - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return utc * 1000 + Int64(millis)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
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
