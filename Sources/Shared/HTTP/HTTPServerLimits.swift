/// Resource limits that keep one client from exhausting the server. Every limit breach is
/// answered with a 4xx/5xx status and the connection is closed (idle timeouts close silently).
public struct HTTPServerLimits: Sendable {
    /// Longest request line (method, target, version): real URLs stay far below 8 KiB; nginx's default. -> 414
    public var maxRequestLineBytes = 8 * 1024
    /// Whole header block (and, separately, the chunked trailer block): generous for cookies and tokens, bounded memory. -> 431
    public var maxHeaderBytes = 32 * 1024
    /// Header fields per request: browsers send ~20; bounds per-request allocations. -> 431
    public var maxHeaderCount = 100
    /// Decoded body size (Content-Length or chunked total): the API takes small JSON payloads, not uploads. -> 413
    public var maxBodyBytes = 1 * 1024 * 1024
    /// Time to receive one whole request once its first byte arrived: stops slowloris clients. -> 408
    public var readTimeout: Duration = .seconds(10)
    /// Keep-alive connection with no request in progress (also a stalled response write): frees idle sockets. -> closed
    public var idleTimeout: Duration = .seconds(60)
    /// Concurrent client connections: bounds file descriptors and memory; extra clients get a 503. -> 503
    public var maxConnections = 1024

    public init() {}
}

extension Duration {
    /// Whole nanoseconds, saturating at zero for negative durations.
    var httpNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
