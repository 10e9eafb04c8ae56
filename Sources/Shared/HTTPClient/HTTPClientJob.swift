/// One plain-HTTP request on its way through the event loop: the encoded bytes, its deadline,
/// where it is (queued for a connection, active on one, finished) and the caller's continuation.
///
/// Created on the caller's task, then owned by the loop thread: after `HTTPClientEventLoop.post`
/// only that thread reads or writes its mutable state, which is why it is `@unchecked Sendable`.
/// `finish` resumes the continuation exactly once; later calls are ignored.
final class HTTPClientJob: @unchecked Sendable {
    enum Place {
        case new
        case queued
        case active(PlainHTTPConnection)
        case finished
    }

    let target: HTTPClientTarget
    let method: String
    let isIdempotent: Bool
    let isHeadRequest: Bool
    let encoded: [UInt8]
    let timeout: Duration
    /// Monotonic nanoseconds (`HTTPSocket.now()`) after which the request fails with `timeout`.
    let deadline: UInt64
    /// Monotonic nanoseconds after which the request must not be written (`HTTPClientRequest.sendBy`).
    let sendBy: UInt64?

    var continuation: UnsafeContinuation<HTTPClientResponse, any Error>?
    var place = Place.new
    /// A cancel command overtook the submit command; fail as soon as it is submitted.
    var cancelRequested = false
    /// Already sent again once after a stale keep-alive connection failed.
    var retried = false

    init(request: HTTPClientRequest, target: HTTPClientTarget, encoded: [UInt8]) {
        self.target = target
        self.method = request.method
        self.isIdempotent = request.isIdempotent
        self.isHeadRequest = request.method == "HEAD"
        self.encoded = encoded
        self.timeout = request.timeout
        let now = HTTPSocket.now()
        self.deadline = now &+ request.timeout.httpNanoseconds
        sendBy = request.sendBy.map { by in
            let left = by - ContinuousClock.now
            return left <= .zero ? now : now &+ left.httpNanoseconds
        }
    }

    /// Whether the request may no longer be written (checked right before its first byte).
    var missedSendWindow: Bool { sendBy.map { HTTPSocket.now() > $0 } ?? false }

    var isFinished: Bool {
        if case .finished = place { return true }
        return false
    }

    func succeed(_ response: HTTPClientResponse) {
        place = .finished
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(returning: response)
    }

    func fail(_ error: HTTPClientError) {
        place = .finished
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(throwing: error.about(method, target.safeDescription))
    }

    func timedOut() {
        fail(.timeout("no complete response within \(timeout)"))
    }
}
