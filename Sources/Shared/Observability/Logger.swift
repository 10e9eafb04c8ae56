/// Structured logger writing one JSON object per line (to stdout by default).
///
/// Exists so every fleet process logs in the same machine-readable shape:
/// `{"time":...,"level":...,"process":...,"event":...,<fields sorted by key>,"message":...}`.
/// It is a cheap value type: ``with(_:)`` returns a copy with more bound context (queue, job,
/// tenant ...), and copies share the sink. Every field value and the message pass through the
/// ``SecretRedactor`` before encoding, and lines below ``minimumLevel`` cost one comparison.
///
/// How it can fail: it never throws; if the sink cannot write, the line is lost (see
/// ``LogSink``). A field named like a fixed key (`time`, `level`, `process`, `event`,
/// `message`) is emitted as `field.<name>` so the fixed keys stay unique. Keys that look
/// sensitive are masked even when harmless (see ``SecretRedactor/isSensitiveKey(_:)``).
public struct Logger: Sendable {
    /// Keys written by the logger itself; fields with these names are renamed.
    public static let reservedKeys: Set<String> = ["time", "level", "process", "event", "message"]

    public let process: String
    public let minimumLevel: LogLevel
    public let sink: LogSink
    /// Context bound with ``with(_:)``, added to every line.
    public let context: [String: String]
    let redactor: SecretRedactor
    let clock: @Sendable () -> Int64

    public init(
        process: String,
        minimumLevel: LogLevel = .info,
        sink: LogSink = .stdout,
        redactor: SecretRedactor = .shared
    ) {
        self.init(
            process: process, minimumLevel: minimumLevel, sink: sink, redactor: redactor,
            context: [:], clock: LogTimestamp.nowEpochMilliseconds
        )
    }

    /// Full initializer; `clock` returns milliseconds since the epoch (tests pin it).
    init(
        process: String, minimumLevel: LogLevel, sink: LogSink, redactor: SecretRedactor,
        context: [String: String], clock: @escaping @Sendable () -> Int64
    ) {
        self.process = process
        self.minimumLevel = minimumLevel
        self.sink = sink
        self.redactor = redactor
        self.context = context
        self.clock = clock
    }

    /// A logger that adds `fields` to every line; on duplicate keys the new value wins.
    public func with(_ fields: [String: String]) -> Logger {
        Logger(
            process: process, minimumLevel: minimumLevel, sink: sink, redactor: redactor,
            context: context.merging(fields) { _, new in new }, clock: clock
        )
    }

    /// True when a line at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= minimumLevel
    }

    public func debug(_ event: String, _ message: String = "", _ fields: [String: String] = [:]) {
        log(.debug, event, message, fields)
    }

    public func info(_ event: String, _ message: String = "", _ fields: [String: String] = [:]) {
        log(.info, event, message, fields)
    }

    public func warning(_ event: String, _ message: String = "", _ fields: [String: String] = [:]) {
        log(.warning, event, message, fields)
    }

    public func error(_ event: String, _ message: String = "", _ fields: [String: String] = [:]) {
        log(.error, event, message, fields)
    }

    /// Writes one line at `level` if enabled. Call-site `fields` override bound context.
    public func log(_ level: LogLevel, _ event: String, _ message: String = "", _ fields: [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        sink.write(encodeLine(level, event, message, fields))
    }

    /// The JSON line (without newline) that ``log(_:_:_:_:)`` would write.
    func encodeLine(_ level: LogLevel, _ event: String, _ message: String, _ fields: [String: String]) -> String {
        let merged = fields.isEmpty ? context : context.merging(fields) { _, new in new }
        var pairs: [(key: String, value: String)] = []
        pairs.reserveCapacity(merged.count + 5)
        pairs.append(("time", LogTimestamp.format(epochMilliseconds: clock())))
        pairs.append(("level", level.rawValue))
        pairs.append(("process", process))
        pairs.append(("event", event))
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            let outputKey = Self.reservedKeys.contains(key) ? "field." + key : key
            pairs.append((outputKey, redactor.redact(field: key, value: value)))
        }
        pairs.append(("message", redactor.redact(message)))
        return JSONLineEncoder.encode(pairs)
    }
}
