/// One Redis command as binary-safe arguments (hiredis's `argv`/`argvlen`).
public struct RedisCommand: Sendable, ExpressibleByArrayLiteral {
    public var arguments: [[UInt8]]

    public init(_ arguments: [[UInt8]]) { self.arguments = arguments }
    public init(_ arguments: [String]) { self.arguments = arguments.map { Array($0.utf8) } }
    public init(_ name: String, _ rest: String...) { self.init([name] + rest) }
    public init(arrayLiteral elements: String...) { self.init(elements) }

    public mutating func append(_ s: String) { arguments.append(Array(s.utf8)) }
    public mutating func append(_ b: [UInt8]) { arguments.append(b) }
    public mutating func append(_ i: Int) { arguments.append(Array(String(i).utf8)) }

    /// The command name, for error messages (never the arguments: they may carry data).
    public var name: String { arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
