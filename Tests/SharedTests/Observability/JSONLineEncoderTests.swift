import Foundation
import Testing
@testable import Shared

@Suite struct JSONLineEncoderTests {
    @Test func keepsKeyOrder() {
        let line = JSONLineEncoder.encode([("b", "1"), ("a", "2"), ("c", "3")])
        #expect(line == #"{"b":"1","a":"2","c":"3"}"#)
    }

    @Test func escapesQuotesAndBackslashes() {
        #expect(JSONLineEncoder.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
    }

    @Test func escapesNewlinesTabsAndControlCharacters() {
        let text = "a\nb\r\tc\u{08}\u{0C}d\u{01}e\u{1F}f\u{00}"
        #expect(JSONLineEncoder.quoted(text) == #""a\nb\r\tc\b\fd\u0001e\u001ff\u0000""#)
    }

    @Test func keepsNonASCIIAsUTF8() {
        let text = "Очередь telephony — ok ✓ 🚀"
        #expect(JSONLineEncoder.quoted(text) == "\"" + text + "\"")
    }

    @Test func roundTripsThroughJSONSerialization() throws {
        let nasty = "q\"uote\\ line\nbreak \u{7F} \u{2028} Привет \u{1B}[31m"
        let line = JSONLineEncoder.encode([("key \"x\"", nasty)])
        #expect(!line.contains("\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        )
        #expect(object == ["key \"x\"": nasty])
    }

    @Test func formatsTimestampsInUTCWithMilliseconds() {
        #expect(LogTimestamp.format(epochMilliseconds: 1_795_672_130_123) == "2026-11-26T05:48:50.123Z")
        #expect(LogTimestamp.format(epochMilliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp.format(epochMilliseconds: 951_782_400_007) == "2000-02-29T00:00:00.007Z")
        #expect(LogTimestamp.format(epochMilliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func currentTimeIsPlausible() {
        let now = LogTimestamp.nowEpochMilliseconds()
        let foundation = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(now - foundation) < 5_000)
    }
}
