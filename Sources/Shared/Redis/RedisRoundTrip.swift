/// One round trip of `RedisClient`'s thread: the queued requests as one pipeline, with the items of each batch
/// script merged into calls of at most `maxItems` (in the place of the script's first item), and the replies split
/// back to the requests.
///
/// Order: plain requests keep their order, and so do the items of one script; an item may run before a plain request
/// queued ahead of it. Requests that were queued together were in flight together, so no caller can tell.
struct RedisRoundTrip {
    private enum Unit {
        case commands([RedisCommand], RedisClient.Completion, first: Int)
        case items(RedisBatchScript, [RedisBatchItem], [@Sendable (Result<RedisReply, any Error>) -> Void], command: Int)
    }
    private var units: [Unit] = []
    private(set) var commands: [RedisCommand] = []

    init(_ requests: [RedisClient.Pending]) {
        // Units in order; a script's open call (not yet full) by its identity.
        var open: [ObjectIdentifier: Int] = [:]
        for request in requests {
            switch request {
            case let .commands(list, completion):
                units.append(.commands(list, completion, first: -1))  // placed by `layOut`
            case let .item(script, item, completion):
                let id = ObjectIdentifier(script)
                if let u = open[id], case .items(let s, var items, var completions, _) = units[u] {
                    items.append(item)
                    completions.append(completion)
                    units[u] = .items(s, items, completions, command: -1)
                    if items.count >= script.maxItems { open[id] = nil }
                } else {
                    open[id] = script.maxItems > 1 ? units.count : nil
                    units.append(.items(script, [item], [completion], command: -1))
                }
            }
        }
    }

    /// Lays out the pipeline, learning first the SHA of every script in this trip that the process does not know yet
    /// (one `SCRIPT LOAD` each, on `connection`: rare).
    mutating func layOut(loadingScriptsOn connection: RedisConnection) throws {
        var flat: [RedisCommand] = []
        var laidOut: [Unit] = []
        laidOut.reserveCapacity(units.count)
        for unit in units {
            switch unit {
            case let .commands(list, completion, _):
                laidOut.append(.commands(list, completion, first: flat.count))
                flat.append(contentsOf: list)
            case let .items(script, items, completions, _):
                let sha = try script.script.sha ?? connection.load(script.script)
                laidOut.append(.items(script, items, completions, command: flat.count))
                flat.append(script.command(sha: sha, items: items[...]))
            }
        }
        units = laidOut
        commands = flat
    }

    /// Hands each request its replies. A script call the server answered `NOSCRIPT` (it lost its cache: a restart,
    /// `SCRIPT FLUSH`) ran nothing, so it is loaded and sent again on `connection`.
    func finish(replies: [RedisReply], retrying connection: RedisConnection) {
        for unit in units {
            switch unit {
            case let .commands(list, completion, first):
                completion.finish(.success(Array(replies[first..<first + list.count])))
            case let .items(script, items, completions, index):
                var reply = replies[index]
                if case let .error(message) = reply, message.hasPrefix("NOSCRIPT") {
                    do {
                        let sha = try connection.load(script.script)
                        reply = try connection.command(script.command(sha: sha, items: items[...]))
                    } catch {
                        for c in completions { c(.failure(error)) }
                        continue
                    }
                }
                Self.split(reply, into: completions)
            }
        }
    }

    /// Fails every request (the connection broke: the commands may or may not have run).
    func fail(_ error: any Error) {
        for unit in units {
            switch unit {
            case let .commands(_, completion, _): completion.finish(.failure(error))
            case let .items(_, _, completions, _): for c in completions { c(.failure(error)) }
            }
        }
    }

    /// One reply per item from the script's array; a server error (the whole call failed) is each item's reply.
    private static func split(_ reply: RedisReply, into completions: [@Sendable (Result<RedisReply, any Error>) -> Void]) {
        switch reply {
        case let .array(each) where each.count == completions.count:
            for (c, r) in zip(completions, each) { c(.success(r)) }
        case .error:
            for c in completions { c(.success(reply)) }
        default:
            let error = RedisError.unexpectedReply("a batch script answered \(completions.count) items with another shape")
            for c in completions { c(.failure(error)) }
        }
    }
}
