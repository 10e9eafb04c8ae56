import Glibc

/// Why `HTTPServer.start()` failed. Nothing is left open when it throws.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another socket already listens on that address and port (EADDRINUSE).
    case addressInUse(host: String, port: Int)
    /// The host is not a numeric IPv4/IPv6 address (or "localhost").
    case invalidAddress(String)
    /// `start()` was called twice, or after `stop()`.
    case alreadyStarted
    /// A system call failed; `operation` names it, `errno` is the C error code.
    case systemError(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case let .addressInUse(host, port):
            return "HTTPServer: address \(host):\(port) is already in use"
        case let .invalidAddress(host):
            return "HTTPServer: invalid listen address \(host.debugDescription) (use a numeric IPv4/IPv6 address)"
        case .alreadyStarted:
            return "HTTPServer: start() may be called only once"
        case let .systemError(operation, code):
            return "HTTPServer: \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
