/// The public door of the libFuzzer target (`Sources/Ingest/Fuzz`, run by `scripts/fuzz.sh`) into the internal
/// HTTP parsing code. Nothing else should call it: the server drives `HTTPRequestParser` itself.
///
/// Why a separate entry point: the parser and the target decoder stay `internal`; this file only replays what
/// `HTTPConnection.processBuffered` does with its read buffer (consume, drain pipelined requests, stop at the
/// first error), over bytes that arrive in two segments.
public enum HTTPParserFuzzing {
    /// What a connection would have seen: the requests dispatched, in order, and the status of the error that
    /// ended parsing (nil when the input ran out cleanly or mid-request).
    public struct Outcome: Sendable {
        public var requests: [HTTPRequest] = []
        public var errorStatus: Int?
        /// How many times the parser asked for `100 Continue` (depends on segmentation, so not compared).
        public var continues = 0
    }

    /// Feeds `bytes` as two segments, `bytes[..<splitAt]` then the rest (0 or `bytes.count`: one segment),
    /// exactly as a connection's read buffer would: consumed bytes are dropped, unconsumed ones stay in front of
    /// the next segment. Traps (precondition) if the parser breaks its own contract: consuming more than it was
    /// given, or returning a non-`needMore` event without consuming anything (an endless loop in the server).
    public static func feed(_ bytes: UnsafeRawBufferPointer, splitAt: Int,
                            limits: HTTPServerLimits = HTTPServerLimits()) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var start = 0
        for end in [min(max(splitAt, 0), bytes.count), bytes.count] where end > start {
            while start < end {
                let window = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                let (consumed, event) = parser.parse(window)
                precondition(consumed >= 0 && consumed <= window.count, "parser consumed \(consumed) of \(window.count)")
                start += consumed
                switch event {
                case .needMore:
                    break
                case .continueExpected:
                    precondition(consumed > 0, "continueExpected without progress")
                    outcome.continues += 1
                    continue
                case .request(let parsed):
                    precondition(consumed > 0, "request without progress")
                    precondition(parsed.request.body.count <= limits.maxBodyBytes, "body over the limit")
                    outcome.requests.append(parsed.request)
                    continue
                case .error(let error):
                    outcome.errorStatus = error.status
                    return outcome
                }
                break   // needMore: wait for the next segment
            }
        }
        return outcome
    }

    /// Form-style query decoding of raw bytes (what `HTTPRequest.query` holds for a request-target, and what the
    /// ingest uses for `application/x-www-form-urlencoded` bodies such as Planfix's telephony commands).
    public static func parseQuery(_ bytes: UnsafeRawBufferPointer) -> [(name: String, value: String)] {
        HTTPTargetDecoding.parseQuery(bytes)
    }

    /// Strict path decoding of a whole request-target, as the parser applies it (nil: the server answers 400).
    public static func decodeTarget(_ bytes: UnsafeRawBufferPointer) -> (path: String, query: [(name: String, value: String)])? {
        HTTPTargetDecoding.decode(bytes)
    }
}
