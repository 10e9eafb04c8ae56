extension RedisConnection {
    /// Runs a Lua script by SHA on this (thread-confined) connection, loading it when the server lacks it.
    public func run(_ script: RedisScript, keys: [String], args: [[UInt8]]) throws -> RedisReply {
        var sha = script.sha
        if sha == nil { sha = try load(script) }
        let reply = try command(script.evalsha(sha: sha!, keys: keys, args: args))
        if case let .error(message) = reply, message.hasPrefix("NOSCRIPT") {
            return try command(script.evalsha(sha: try load(script), keys: keys, args: args)).orThrow()
        }
        return try reply.orThrow()
    }

    /// `SCRIPT LOAD`s the script and remembers its SHA.
    func load(_ script: RedisScript) throws -> String {
        guard let sha = try command(RedisCommand("SCRIPT", "LOAD", script.source)).orThrow().string else {
            throw RedisError.unexpectedReply("SCRIPT LOAD returned no SHA")
        }
        script.remember(sha: sha)
        return sha
    }
}
