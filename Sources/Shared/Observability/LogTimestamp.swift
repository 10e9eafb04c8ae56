#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timestamps for log lines: `2026-11-26T05:48:50.123Z` (UTC, milliseconds).
///
/// Exists because ISO8601DateFormatter is slow and not Sendable. Formatting is pure
/// arithmetic (civil-from-days), so it cannot fail; a wrong system clock gives wrong times.
public enum LogTimestamp {
    /// Milliseconds since the Unix epoch, from CLOCK_REALTIME.
    public static func nowEpochMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Formats milliseconds since the epoch as `YYYY-MM-DDThh:mm:ss.mmmZ`.
    public static func format(epochMilliseconds: Int64) -> String {
        let millis = floorMod(epochMilliseconds, 1000)
        let seconds = floorDiv(epochMilliseconds, 1000)
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = floorMod(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDigits(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(millis, width: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a - floorDiv(a, b) * b
    }

    /// Decimal digits of a non-negative value, zero-padded to at least `width`.
    private static func appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var rest = Swift.max(value, 0)
        var count = 1
        var probe = rest / 10
        while probe > 0 { count += 1; probe /= 10 }
        let end = out.count + Swift.max(width, count)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: end - out.count))
        var index = end - 1
        repeat {
            out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        } while rest > 0
    }
}
