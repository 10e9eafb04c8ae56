import Foundation

/// What a handler returns: status, extra header fields and the whole body.
///
/// The server frames it itself: `Content-Length`, `Transfer-Encoding` and `Connection` fields set
/// here are not sent as such (`Connection: close` makes the server close after the response), and
/// fields whose name or value could split the response (CR, LF, NUL) are dropped and reported.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ s: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(s.utf8))
    }

    /// An `application/json` response from already encoded JSON bytes.
    public static func json(_ data: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: data)
    }

    /// An `application/json` response from already encoded JSON data.
    public static func json(_ data: Data, status: Int = 200) -> HTTPResponse {
        json([UInt8](data), status: status)
    }
}
