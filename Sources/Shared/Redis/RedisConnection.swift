import CHiredis
import Glibc

/// One synchronous hiredis connection, used by one thread at a time.
///
/// Why synchronous: hiredis 0.14 blocks the calling thread, so every connection is owned by a dedicated thread
/// (the fetcher for `BLMOVE`, the `RedisClient` pipeline thread for everything else) and never by Swift's
/// cooperative pool. How it fails: any I/O error or timeout leaves a hiredis context unusable, so the
/// connection drops it and the next call reconnects (through `RedisEndpointResolver`, which follows Sentinel).
/// A command that failed on a broken connection may or may not have run: callers decide whether to repeat it.
public final class RedisConnection {
    private var context: UnsafeMutablePointer<redisContext>?
    private let resolver: RedisEndpointResolver
    /// Applied to connect and to every command (blocking commands get their block time added by the caller).
    public let connectTimeout: Duration
    public private(set) var commandTimeout: Duration

    public init(resolver: RedisEndpointResolver, connectTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5)) {
        self.resolver = resolver
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    deinit { disconnect() }

    public var isConnected: Bool { context != nil }

    public func disconnect() {
        if let c = context { redisFree(c) }
        context = nil
    }

    /// Changes the read/write timeout, e.g. for a connection that will run `BLMOVE ... 2`.
    public func setCommandTimeout(_ timeout: Duration) {
        commandTimeout = timeout
        if let c = context { _ = redisSetTimeout(c, timeval(timeout)) }
    }

    /// hiredis writes with plain `write()`, and a write to a socket whose peer is gone (a Redis restart) raises
    /// SIGPIPE, which kills the process without a word unless ignored. Every process that talks to Redis ignores it
    /// (once, on the first connect): the write then fails with EPIPE and the connection reconnects like any other
    /// I/O error. Found by the chaos run, whose test process died this way after the Redis restart.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Connects (and authenticates, selects the database) if not connected.
    public func connect() throws {
        if context != nil { return }
        Self.ignoreBrokenPipes
        let url = try resolver.currentURL()
        let c: UnsafeMutablePointer<redisContext>?
        switch url.endpoint {
        case let .tcp(host, port):
            c = redisConnectWithTimeout(host, Int32(port), timeval(connectTimeout))
        case let .unix(path):
            c = redisConnectUnixWithTimeout(path, timeval(connectTimeout))
        }
        guard let c else { throw RedisError.connection("cannot allocate a hiredis context") }
        if c.pointee.err != 0 {
            let message = Self.errorString(c)
            redisFree(c)
            resolver.reportFailure()
            throw RedisError.connection("connect to \(url) failed: \(message)")
        }
        _ = redisSetTimeout(c, timeval(commandTimeout))
        if case .tcp = url.endpoint { _ = redisEnableKeepAlive(c) }
        context = c
        do {
            if let password = url.password {
                var auth = RedisCommand(["AUTH"])
                if let user = url.username { auth.append(user) }
                auth.append(password)
                try runOnce(auth).orThrow()
            }
            if url.database != 0 { try runOnce(RedisCommand("SELECT", String(url.database))).orThrow() }
            try resolver.verifyRole { try self.runOnce($0) }
        } catch let error as RedisError {
            disconnect()
            resolver.reportFailure()
            if error.message.contains("WRONGPASS") || error.message.contains("invalid password") {
                throw RedisError.connection("authentication to \(url) failed")
            }
            throw error
        }
    }

    /// Runs one command, connecting first if needed. A server error comes back as `.error`, not thrown.
    public func command(_ command: RedisCommand) throws -> RedisReply {
        try connect()
        return try runOnce(command)
    }

    /// Sends all commands in one write and reads all replies (one round trip).
    public func pipeline(_ commands: [RedisCommand]) throws -> [RedisReply] {
        try connect()
        guard let c = context else { throw RedisError.connection("not connected") }
        for command in commands {
            if Self.append(c, command) != REDIS_OK { throw fail("append \(command.name)") }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for command in commands {
            var raw: UnsafeMutableRawPointer?
            if redisGetReply(c, &raw) != REDIS_OK { throw fail(command.name) }
            guard let raw else { throw fail(command.name) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            defer { freeReplyObject(raw) }
            replies.append(Self.convert(reply))
        }
        // A former master demoted by a Sentinel failover answers writes with -READONLY: drop the connection so
        // the next command reconnects to whatever Sentinel names now.
        if replies.contains(where: { if case let .error(m) = $0 { return m.hasPrefix("READONLY") } else { return false } }) {
            disconnect()
            resolver.reportFailure()
        }
        return replies
    }

    private func runOnce(_ command: RedisCommand) throws -> RedisReply {
        try pipeline([command])[0]
    }

    /// Drops the broken context and turns hiredis's error into a `RedisError`.
    private func fail(_ what: String) -> RedisError {
        guard let c = context else { return .connection("not connected") }
        let message = Self.errorString(c)
        let isTimeout = c.pointee.err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)
        disconnect()
        resolver.reportFailure()
        return isTimeout ? .timeout("\(what): no answer within \(commandTimeout)") : .connection("\(what): \(message)")
    }

    private static func errorString(_ c: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: c.pointee.errstr) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    /// Calls `redisAppendCommandArgv` with pointers into one contiguous copy of the arguments.
    private static func append(_ c: UnsafeMutablePointer<redisContext>, _ command: RedisCommand) -> Int32 {
        let args = command.arguments
        var flat: [UInt8] = []
        flat.reserveCapacity(args.reduce(0) { $0 + $1.count } + 1)
        var offsets: [Int] = []
        offsets.reserveCapacity(args.count)
        for a in args { offsets.append(flat.count); flat.append(contentsOf: a) }
        flat.append(0)
        let lengths = args.map { $0.count }
        return flat.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    redisAppendCommandArgv(c, Int32(args.count), argvBuffer.baseAddress, lengthBuffer.baseAddress)
                }
            }
        }
    }

    private static func convert(_ r: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let reply = r.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            return .bulk(bytes(reply))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(reply.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            items.reserveCapacity(reply.elements)
            for i in 0..<reply.elements {
                if let element = reply.element[i] { items.append(convert(element)) } else { items.append(.null) }
            }
            return .array(items)
        default:
            return .error("unknown hiredis reply type \(reply.type)")
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        guard let str = reply.str, reply.len > 0 else { return [] }
        return str.withMemoryRebound(to: UInt8.self, capacity: reply.len) { Array(UnsafeBufferPointer(start: $0, count: reply.len)) }
    }
}

extension timeval {
    init(_ d: Duration) {
        let (seconds, attoseconds) = d.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
