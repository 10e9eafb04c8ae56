import Foundation
import Testing
@testable import Shared

@Suite struct UISNotificationTimeTests {
    @Test(arguments: [
        ("2019-12-16 14:40:47.234", Int64(1_576_496_447_234)),
        ("2019-12-16 14:40:47", 1_576_496_447_000),
        ("2019-12-16T14:40:47.2", 1_576_496_447_200),
        ("2019-12-16 14:40:47.234567", 1_576_496_447_234),
        (" 2024-03-05 10:15:30.120 ", 1_709_622_930_120),
        ("2024-02-29 03:00:00", 1_709_164_800_000),
    ])
    func parsesMoscowWallClock(_ text: String, _ ms: Int64) {
        #expect(UISNotificationTime.epochMilliseconds(text) == ms)
    }

    @Test(arguments: ["", "2019-12-16", "2019-13-01 00:00:00", "2019-02-30 10:00:00", "2023-02-29 10:00:00",
                      "2019-12-16 24:00:00", "2019-12-16 14:40:47.", "2019-12-16 14:40:47.abc", "2019-12-16 14:40:47Z",
                      "1576496447", "2019/12/16 14:40:47", "１９１９-12-16 14:40:47", "2019-12-16 14:40:47.1234567890"])
    func refusesOtherText(_ text: String) {
        #expect(UISNotificationTime.epochMilliseconds(text) == nil)
    }

    @Test func otherTimeZone() {
        #expect(UISNotificationTime.epochMilliseconds("2019-12-16 11:40:47", in: TimeZone(identifier: "UTC")!) == 1_576_496_447_000)
    }

    /// The arithmetic agrees with Foundation's calendar on random wall-clock times (zones without DST in the range).
    @Test func agreesWithTheCalendar() {
        var rng = SystemRandomNumberGenerator()
        for zoneName in ["Europe/Moscow", "UTC", "Asia/Kolkata", "Asia/Yekaterinburg"] {
            let zone = TimeZone(identifier: zoneName)!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<500 {
                let parts = DateComponents(year: Int.random(in: 2015...2200, using: &rng), month: Int.random(in: 1...12, using: &rng),
                                           day: Int.random(in: 1...28, using: &rng), hour: Int.random(in: 0...23, using: &rng),
                                           minute: Int.random(in: 0...59, using: &rng), second: Int.random(in: 0...59, using: &rng))
                let expected = Int64(calendar.date(from: parts)!.timeIntervalSince1970 * 1000)
                let text = String(format: "%04d-%02d-%02d %02d:%02d:%02d.042", parts.year!, parts.month!, parts.day!,
                                  parts.hour!, parts.minute!, parts.second!)
                #expect(UISNotificationTime.epochMilliseconds(text, in: zone) == expected + 42, "\(text) in \(zoneName)")
            }
        }
    }

    /// The Foundation-free trim removes exactly what `trimmingCharacters(in: .whitespacesAndNewlines)` removes.
    @Test func trimAgreesWithFoundation() {
        let spaces = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{2029}",
                      "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}"]
        let cores = ["", "a", "Иван Петров", "7 495", "😀", "\u{200C}x\u{FEFF}", "e\u{301}"]
        for core in cores {
            for left in spaces + [""] {
                for right in spaces + [""] {
                    let s = left + core + right
                    #expect(UISNotificationFields.trimmed(s) == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(s.unicodeScalars))")
                }
            }
        }
    }
}
