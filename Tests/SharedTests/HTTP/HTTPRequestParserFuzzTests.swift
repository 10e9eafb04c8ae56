import Testing
@testable import Shared

typealias HTTPTestRandom = SeededRandom

@Suite("HTTPRequestParser mutation fuzz")
struct HTTPRequestParserFuzzTests {
    static let seeds = [
        "GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: v\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ].map { Array($0.utf8) }
    static let interesting = Array("\r\n :;0aF%\u{0}\t,-".utf8)

    static func mutate(_ input: [UInt8], _ rng: inout HTTPTestRandom) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let i = Int.random(in: 0...b.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !b.isEmpty: b.remove(at: min(i, b.count - 1))
            case 1: b.insert(UInt8.random(in: 0...255, using: &rng), at: i)
            case 2 where !b.isEmpty: b[min(i, b.count - 1)] = interesting.randomElement(using: &rng)!
            default: b.insert(contentsOf: seeds.randomElement(using: &rng)!.prefix(Int.random(in: 0..<40, using: &rng)), at: i)
            }
        }
        return b
    }

    /// Whatever the bytes, the parser never traps, only answers statuses it documents, never hands
    /// out a body over the limit, and gives the same result fed whole or byte by byte.
    @Test func mutatedRequestsParseTheSameWholeOrByteByByte() {
        var limits = HTTPServerLimits()
        limits.maxBodyBytes = 64
        limits.maxRequestLineBytes = 128
        limits.maxHeaderBytes = 256
        var rng = HTTPTestRandom(state: 0x5EED)
        let allowed: Set<Int> = [400, 413, 414, 417, 431, 501, 505]
        var outcomes = [0, 0]   // inputs ending in an error / without one
        for _ in 0..<3000 {
            let input = Self.mutate(Self.seeds.randomElement(using: &rng)!, &rng)
            var whole = HTTPParserHarness(limits: limits)
            whole.feed(input)
            var split = HTTPParserHarness(limits: limits)
            for byte in input { split.feed([byte]) }
            let summary = { (h: HTTPParserHarness) in h.requests.map { "\($0.request.method) \($0.request.target) \($0.request.body)" } }
            #expect(summary(whole) == summary(split), "\(input)")
            #expect(whole.errorStatus == split.errorStatus, "\(input)")
            if let status = whole.errorStatus {
                #expect(allowed.contains(status))
                #expect(whole.parser.state == .failed)
                outcomes[0] += 1
            } else {
                outcomes[1] += 1
            }
            #expect(whole.requests.allSatisfy { $0.request.body.count <= 64 })
        }
        #expect(outcomes[0] > 100 && outcomes[1] > 100)   // the mutations exercise both paths
    }
}
