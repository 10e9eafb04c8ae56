/// The way an inline handler (`HTTPServer`'s `inline`) answers the request it took: `respond(_:)` exactly once,
/// from any thread.
///
/// From another thread the response is posted to the connection's event loop (mutex inbox + eventfd wake, as a
/// handler task's); from the loop thread while the inline handler runs it is written without a post. A response
/// for a connection that closed meanwhile, or a second one for the same request, is dropped.
public struct HTTPResponder: Sendable {
    private enum Target: Sendable {
        case connection(HTTPEventLoop, HTTPConnection.ID, HTTPConnection.RequestNumber)
        case callback(@Sendable (HTTPResponse) -> Void)
    }
    private let target: Target

    init(loop: HTTPEventLoop, connection: HTTPConnection.ID, request: HTTPConnection.RequestNumber) {
        target = .connection(loop, connection, request)
    }

    /// A responder that hands the response to `deliver` (tests, and adapters that are not an `HTTPServer`).
    public init(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        target = .callback(deliver)
    }

    public func respond(_ response: HTTPResponse) {
        switch target {
        case let .connection(loop, id, request): loop.deliver(response, to: id, request: request)
        case let .callback(deliver): deliver(response)
        }
    }
}
