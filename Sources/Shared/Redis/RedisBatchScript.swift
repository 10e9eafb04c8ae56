/// A Lua script that runs once for every item queued in the same round trip: group commit.
///
/// Why: a script call costs Redis about as much again as the commands inside it (parsing, the Lua call, the
/// reply, wrapping its effects in the AOF), and the ingest stores one small event per webhook. Items sent with
/// `RedisClient.run(_:in:completion:)` wait in the client's queue like any command; when the client's thread
/// takes the queue, the items of one batch script become one `EVALSHA` (at most `maxItems` each), so a busy
/// process stores tens of events per script call, and an idle one still sends each event at once (no timer).
///
/// The script's contract: KEYS are `sharedKeys` followed by each item's keys, ARGV each item's arguments (every
/// item of a script has the same number of each), and it returns an array with one reply per item, in order. It
/// must treat each item on its own: an item's outcome may not depend on which others share its call, except
/// through the data they write (two deliveries of one event in one call: the second is the duplicate).
public final class RedisBatchScript: Sendable {
    public let script: RedisScript
    /// The KEYS every call starts with (e.g. the queue's `ready` list).
    public let sharedKeys: [String]
    /// Items per call at most: bounds the call's size and Lua's stack (`unpack`).
    public let maxItems: Int

    public init(script: RedisScript, sharedKeys: [String], maxItems: Int = 256) {
        self.script = script
        self.sharedKeys = sharedKeys
        self.maxItems = max(1, maxItems)
    }

    /// The `EVALSHA` for some items of this script.
    func command(sha: String, items: ArraySlice<RedisBatchItem>) -> RedisCommand {
        let keyCount = sharedKeys.count + items.reduce(0) { $0 + $1.keys.count }
        var arguments: [[UInt8]] = [Array("EVALSHA".utf8), Array(sha.utf8), Array(String(keyCount).utf8)]
        arguments.reserveCapacity(3 + keyCount + items.reduce(0) { $0 + $1.args.count })
        for key in sharedKeys { arguments.append(Array(key.utf8)) }
        for item in items { for key in item.keys { arguments.append(Array(key.utf8)) } }
        for item in items { arguments.append(contentsOf: item.args) }
        return RedisCommand(arguments)
    }
}

/// One item of a `RedisBatchScript` call: its own keys and arguments.
public struct RedisBatchItem: Sendable {
    public var keys: [String]
    public var args: [[UInt8]]

    public init(keys: [String], args: [[UInt8]]) {
        self.keys = keys
        self.args = args
    }
}
