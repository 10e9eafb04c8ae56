/// A RESP2 reply (the only protocol hiredis 0.14 speaks), copied out of hiredis's memory.
public enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8])
    case null
    case array([RedisReply])

    /// The reply as text (bulk or status), or nil.
    public var string: String? {
        switch self {
        case let .bulk(bytes): return String(decoding: bytes, as: UTF8.self)
        case let .status(s): return s
        default: return nil
        }
    }

    public var bytes: [UInt8]? {
        if case let .bulk(b) = self { return b }
        return nil
    }

    public var int: Int? {
        switch self {
        case let .integer(i): return i
        case let .bulk(b): return Int(String(decoding: b, as: UTF8.self))
        default: return nil
        }
    }

    public var array: [RedisReply]? {
        if case let .array(a) = self { return a }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Throws the server's error reply as a `RedisError`; returns the reply otherwise.
    @discardableResult
    public func orThrow() throws -> RedisReply {
        if case let .error(message) = self { throw RedisError.server(message) }
        return self
    }
}
