import Foundation
import Testing
@testable import Shared

/// The hand-written JSON paths of the ingest (scanner, writer, envelope, notification trees) agree with
/// Foundation's Codable, which the workers decode with.
@Suite struct JSONFastPathTests {
    static let documents: [String] = [
        #"{"a":1,"b":-2.5,"c":"x\"y\\z\/","d":[true,false,null],"e":{"f":[]},"g":1e3,"h":"\u00e9\ud83d\ude00"}"#,
        #"  [1, 2 ,3]  "#, #""just text""#, "0", "-0.0", "123456789012", #"{"k":"Кириллица","n":0.1}"#, "[]", "{}",
        #"{"a":1,}"#, "[1,2,]",
    ]
    static let broken: [String] = [
        "", " ", "{", "}", "[1 2]", "{\"a\" 1}", "{\"a\":}", "01", "1.", ".5", "-", "1e", "tru", "nul", "\"\\x\"", "\"\u{01}\"",
        "{\"a\":1}}", "[1]]", "\"\\ud800\"", "\"\\udc00x\"", "{,}", "[,]", "[1,,2]", "{\"a\":1,,}", "\"open",
    ]

    @Test(arguments: documents)
    func theScannerReadsWhatJSONDecoderReads(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(JSONScanner.parse(Array(text.utf8)) == expected)
    }

    @Test(arguments: broken)
    func theScannerRefusesWhatIsNotJSON(_ text: String) {
        #expect(JSONScanner.parse(Array(text.utf8)) == nil, "\(text)")
    }

    @Test(arguments: documents + broken)
    func membersAreWhatTheDictionaryReadingHolds(_ text: String) {
        switch (JSONScanner.parseMembers(Array(text.utf8)), JSONScanner.parse(Array(text.utf8))) {
        case let (.members(members)?, .object(object)?):
            #expect(Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) == object, "\(text)")
        case (.notObject?, let value?):
            if case .object = value { Issue.record("\(text): an object read as not one") }
        case (nil, nil): break
        case let (members, value): Issue.record("\(text): members \(String(describing: members)), value \(String(describing: value))")
        }
    }

    @Test func membersKeepTheirOrderAndRepeatsAndTheLastOneIsRead() throws {
        let text = #" {"b":1,"a":{"x":[2]},"b":"3"} "#
        guard case let .members(members)? = JSONScanner.parseMembers(Array(text.utf8)) else { Issue.record("not read"); return }
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(members[1].value == .object(["x": .array([.number(2)])]))
        #expect(UISNotificationFields(members: members).text("b") == "3", "a repeated name reads as in a dictionary: the last")
        let deep = "{\"a\":" + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + "}"
        #expect(JSONScanner.parseMembers(Array(deep.utf8), maxDepth: 10) == nil)
        #expect(JSONScanner.parseMembers(Array(deep.utf8), maxDepth: 11) != nil)
        #expect(JSONScanner.parseMembers(Array("{}".utf8), maxDepth: 0) == nil)
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(JSONScanner.parse(Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)) == nil)
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONScanner.parse(Array(deep.utf8), maxDepth: 64) == nil)
        #expect(JSONScanner.parse(Array(deep.utf8), maxDepth: 100) != nil)
    }

    @Test func writerOutputDecodesToTheSameValues() throws {
        var generator = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let value = Self.randomValue(&generator, depth: 0)
            var w = JSONWriter()
            w.value(value)
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(w.bytes))
            #expect(decoded == value)
            #expect(JSONScanner.parse(w.bytes) == value)
        }
    }

    @Test func envelopesEncodeToWhatDecodeReadsBack() throws {
        var job = JobEnvelope(kind: "call.event", tenant: "acme", payload: ["x": "строка \"с\" кавычками\n", "n": 12, "f": 1.25],
                              deadline: 1_700_000_000_000, orderingKey: "acme:call:1")
        job.attempts = 3
        job.deliveries = 1
        job.errors = [JobErrorRecord(at: 1, class: "transient", message: "no answer: \\ \u{7}")]
        #expect(try JobEnvelope.decode(try job.encoded()) == job)
        let plain = JobEnvelope(kind: "k", tenant: "t", payload: .null)
        #expect(try JobEnvelope.decode(try plain.encoded()) == plain)
        // Same tree as Foundation's encoder makes.
        let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(job))
        #expect(JSONScanner.parse(try job.encoded()) == foundation)
    }

    @Test func notificationTreesMatchTheirCodableForm() throws {
        var n = CallNotification(type: .callFinished, callSessionId: 42)
        n.notificationName = "n"; n.notificationMnemonic = "m"; n.notificationTimeRaw = "2024-01-01 00:00:00"; n.notificationTimeMs = 1
        n.direction = .incoming; n.directionRaw = "in"; n.virtualNumber = .init(raw: "74951234567"); n.contactNumber = .init(raw: "8 900 123-45-67 доб. 12")
        n.employeeId = 5; n.employeeName = "Анна"; n.employeePhone = .init(raw: "101"); n.employeeIds = [1, 2]; n.lastTalkedEmployeeId = 2
        n.legId = 3; n.legIds = [3, 4]; n.scenarioName = "s"; n.callSource = "va"; n.communicationNumber = "2"; n.communicationId = "9"
        n.contactId = 7; n.contactName = "c"; n.regionName = "r"; n.talkDuration = 10; n.totalDuration = 20; n.waitDuration = 5
        n.fileLink = "https://x/y.mp3"; n.fileDuration = 10; n.tagIds = [8]; n.tagNames = ["VIP"]; n.externalId = "e"; n.isTransfer = true
        #expect(JSONScanner.parse(JSONWriter.bytes(of: n), maxDepth: 8) == (try JSONValue(encoding: n)))
        #expect(try JSONDecoder().decode(CallNotification.self, from: Data(JSONWriter.bytes(of: n))) == n)
        let bare = CallNotification(type: .lostCall, callSessionId: 1)
        #expect(JSONScanner.parse(JSONWriter.bytes(of: bare), maxDepth: 8) == (try JSONValue(encoding: bare)))

        var t = TextNotification(type: .leadReceived, communicationId: 9, flow: .lead)
        t.notificationName = "n"; t.notificationMnemonic = "m"; t.notificationTimeRaw = "x"; t.notificationTimeMs = 1; t.communicationTypeRaw = "offline_message"
        t.communicationNumber = 2; t.visitorId = 3; t.visitorName = "v"; t.visitorPhone = .init(raw: "79001234567"); t.contactPhone = .init(raw: "89001234567")
        t.visitorEmail = "a@b.c"; t.chatChannelName = "tg"; t.chatChannelType = "telegram"; t.formName = "f"; t.formType = "ft"; t.leadText = "text"
        t.siteDomainName = "s"; t.campaignName = "c"; t.sourceName = "src"; t.utmSource = "1"; t.utmMedium = "2"; t.utmCampaign = "3"; t.utmTerm = "4"
        t.utmContent = "5"; t.employeeId = 6; t.employeeName = "e"; t.tagIds = [1]; t.tagNames = ["a"]
        #expect(JSONScanner.parse(JSONWriter.bytes(of: t), maxDepth: 8) == (try JSONValue(encoding: t)))
        #expect(try JSONDecoder().decode(TextNotification.self, from: Data(JSONWriter.bytes(of: t))) == t)
    }

    static func randomValue(_ g: inout SeededRandom, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return Bool.random(using: &g) ? .number(Double(Int.random(in: -1_000_000...1_000_000, using: &g)))
                                              : .number(Double.random(in: -1e6...1e6, using: &g))
        case 3:
            let pool = Array("aZ09 \"\\/\n\t\u{1}éЖ😀,:{}[]".unicodeScalars)
            return .string(String(String.UnicodeScalarView((0..<Int.random(in: 0..<12, using: &g)).map { _ in pool.randomElement(using: &g)! })))
        case 4: return .array((0..<Int.random(in: 0..<4, using: &g)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var o: [String: JSONValue] = [:]
            for i in 0..<Int.random(in: 0..<4, using: &g) { o["k\(i)"] = randomValue(&g, depth: depth + 1) }
            return .object(o)
        }
    }
}
