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
}
