/// Why a request was rejected, with the status code the server answers before closing.
///
/// The parser stops at the first error; the connection then sends the status with a short
/// plain-text body and `Connection: close`, because the framing of what follows is unknown.
struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    let status: Int
    let reason: String

    init(_ status: Int, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    var description: String { "\(status) \(reason)" }

    static func badRequest(_ reason: String) -> HTTPParseError { .init(400, reason) }
    static let requestLineTooLong = HTTPParseError(414, "request line too long")
    static let headersTooLarge = HTTPParseError(431, "header block too large")
    static let tooManyHeaders = HTTPParseError(431, "too many header fields")
    static let bodyTooLarge = HTTPParseError(413, "body too large")
    static let versionNotSupported = HTTPParseError(505, "HTTP version not supported")
    static let expectationFailed = HTTPParseError(417, "unsupported Expect value")
    static let codingNotImplemented = HTTPParseError(501, "unsupported transfer coding")
    static let requestTimeout = HTTPParseError(408, "request not received in time")
}
