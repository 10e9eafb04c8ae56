import Foundation
import Testing
@testable import Shared

@Suite struct QueueElementTests {
    @Test func envelopeRoundTripsWithPayload() throws {
        let payload = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"phone":"+7 900","n":5,"ok":true,"x":null,"a":[1.5,"т"]}"#.utf8))
        let job = JobEnvelope(kind: "k", tenant: "t1", payload: payload, deadline: 123, orderingKey: "call-1")
        let decoded = try JobEnvelope.decode(try job.encoded())
        #expect(decoded == job)
        let text = String(decoding: try job.encoded(), as: UTF8.self)
        #expect(text.contains(#""n":5"#))  // integers stay integers
    }

    @Test func classifiesTokensJobsAndJunk() throws {
        let job = JobEnvelope(kind: "k", tenant: "t", payload: .null)
        if case .job = QueueElement(raw: try job.encoded()) {} else { Issue.record("job not recognised") }
        if case let .token(key) = QueueElement(raw: QueueElement.token(for: "call:42")) { #expect(key == "call:42") } else { Issue.record("token") }
        for junk in ["", "hello", "{\"v\":1}", "{\"v\":2,\"id\":\"x\"}", "@ordered:"] {
            if case .unreadable = QueueElement(raw: Array(junk.utf8)) {} else { Issue.record("\(junk) should be unreadable") }
        }
    }

    @Test func unknownEnvelopeVersionIsRefused() throws {
        var job = JobEnvelope(kind: "k", tenant: "t", payload: .null)
        job.v = 2
        #expect(throws: QueueError.self) { try JobEnvelope.decode(try JSONEncoder().encode(job).map { $0 }) }
    }

    @Test func oversizedEnvelopeIsRefused() {
        let big = JobEnvelope(kind: "k", tenant: "t", payload: .string(String(repeating: "x", count: JobEnvelope.maxEncodedBytes)))
        #expect(throws: QueueError.self) { try big.encoded() }
    }

    @Test func deadLetterFilterMatchesEachField() {
        let job = JobEnvelope(kind: "call", tenant: "acme", payload: .null)
        let letter = DeadLetter(job: job, queue: "q", errorClass: "permanent", reason: "r", now: 1_000_000)
        #expect(letter.job?.errors.last?.class == "permanent")
        #expect(DeadLetterFilter().matches(letter, now: 1_000_000))
        #expect(DeadLetterFilter(tenant: "acme", errorClass: "permanent", kind: "call").matches(letter, now: 1_000_000))
        #expect(!DeadLetterFilter(tenant: "other").matches(letter, now: 1_000_000))
        #expect(!DeadLetterFilter(errorClass: "poison").matches(letter, now: 1_000_000))
        #expect(DeadLetterFilter(olderThan: .seconds(60)).matches(letter, now: 1_000_000 + 61_000))
        #expect(!DeadLetterFilter(olderThan: .seconds(60)).matches(letter, now: 1_000_000 + 59_000))
        #expect(!DeadLetterFilter(newerThan: .seconds(60)).matches(letter, now: 1_000_000 + 61_000))
        #expect(!DeadLetterFilter(ids: ["nope"]).matches(letter, now: 1_000_000))
    }

    @Test func unreadableBytesAreKept() {
        let text = DeadLetter(unreadable: Array("garbage".utf8), queue: "q", reason: "r")
        #expect(text.raw == "garbage")
        let binary = DeadLetter(unreadable: [0xff, 0xfe, 0x00], queue: "q", reason: "r")
        #expect(binary.raw == nil)
        #expect(binary.rawBase64 == "//4A")
    }

    @Test func queueNamesAreRestricted() {
        #expect(QueueKeys.isValidName("telephony-realtime"))
        #expect(!QueueKeys.isValidName("a{b}"))
        #expect(!QueueKeys.isValidName(""))
        #expect(QueueKeys(queue: "deals").ready == "uisplanfix:{deals}:ready")
    }
}
