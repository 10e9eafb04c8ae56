import Foundation
import Testing
@testable import Shared

@Suite struct LoggerTests {
    private func makeLogger(_ sink: LogSink, level: LogLevel = .debug) -> Logger {
        Logger(
            process: "telephony-worker", minimumLevel: level, sink: sink, redactor: SecretRedactor(),
            context: [:], clock: { 1_795_672_130_123 }
        )
    }

    private func parse(_ line: String) throws -> [String: String] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
    }

    @Test func writesTheExactLineWithFixedKeysFirstAndFieldsSorted() {
        let sink = LogSink.memory()
        let logger = makeLogger(sink).with(["queue": "telephony", "tenant": "acme"])
        logger.info("job.done", "finished in 12 ms", ["job": "j-1", "kind": "call", "error_class": "none"])
        #expect(sink.lines == [
            #"{"time":"2026-11-26T05:48:50.123Z","level":"info","process":"telephony-worker","event":"job.done","#
                + #""error_class":"none","job":"j-1","kind":"call","queue":"telephony","tenant":"acme","#
                + #""message":"finished in 12 ms"}"#,
        ])
    }

    @Test func emptyMessageIsStillPresent() {
        let sink = LogSink.memory()
        makeLogger(sink).warning("redis.reconnect")
        #expect(sink.lines.first?.hasSuffix(#""event":"redis.reconnect","message":""}"#) == true)
    }

    @Test func callFieldsOverrideBoundContextAndReservedKeysAreRenamed() throws {
        let sink = LogSink.memory()
        let logger = makeLogger(sink).with(["queue": "a", "job": "1"]).with(["job": "2"])
        logger.error("job.failed", "boom", ["queue": "b", "level": "spoofed", "message": "m"])
        let object = try parse(try #require(sink.lines.first))
        #expect(object["queue"] == "b")
        #expect(object["job"] == "2")
        #expect(object["level"] == "error")
        #expect(object["field.level"] == "spoofed")
        #expect(object["message"] == "boom")
        #expect(object["field.message"] == "m")
    }

    @Test func filtersBelowMinimumLevel() {
        let sink = LogSink.memory()
        let logger = makeLogger(sink, level: .warning)
        logger.debug("a")
        logger.info("b")
        logger.warning("c")
        logger.error("d")
        #expect(sink.lines.count == 2)
        #expect(sink.lines[0].contains(#""level":"warning","#))
        #expect(sink.lines[1].contains(#""level":"error","#))
        #expect(!logger.isEnabled(.info) && logger.isEnabled(.error))
    }

    @Test func levelsAreOrderedAndParsedFromEnvironment() {
        #expect(LogLevel.debug < .info && LogLevel.info < .warning && LogLevel.warning < .error)
        #expect(LogLevel(environment: ["FLEET_LOG_LEVEL": "DEBUG"]) == .debug)
        #expect(LogLevel(environment: ["FLEET_LOG_LEVEL": " warn\n"]) == .warning)
        #expect(LogLevel(environment: ["FLEET_LOG_LEVEL": "error"]) == .error)
        #expect(LogLevel(environment: ["FLEET_LOG_LEVEL": "loud"]) == .info)
        #expect(LogLevel(environment: [:], default: .warning) == .warning)
        #expect(LogLevel(parsing: "nope") == nil)
    }

    @Test func defaultLoggerRedactsWithTheSharedRedactor() throws {
        SecretRedactor.shared.register("shared-secret-4711")
        let sink = LogSink.memory()
        let logger = Logger(process: "ingest", sink: sink)
        logger.info("login", "using shared-secret-4711", ["api_key": "k", "note": "x shared-secret-4711 y"])
        let object = try parse(try #require(sink.lines.first))
        #expect(object["message"] == "using ***")
        #expect(object["api_key"] == "***")
        #expect(object["note"] == "x *** y")
    }

    @Test func redactsFieldsAndMessagesOnEveryLine() throws {
        let redactor = SecretRedactor()
        redactor.register("hunter2-password")
        let sink = LogSink.memory()
        let logger = Logger(process: "p", sink: sink, redactor: redactor)
            .with(["Authorization": "Bearer abc", "redis": "redis://:hunter2-password@r:6379"])
        logger.error("call", "GET /x?access_token=abc123&y=1 failed", ["refreshToken": "zzz"])
        let object = try parse(try #require(sink.lines.first))
        #expect(object["Authorization"] == "***")
        #expect(object["refreshToken"] == "***")
        #expect(object["redis"] == "redis://:***@r:6379")
        #expect(object["message"] == "GET /x?access_token=***&y=1 failed")
    }

    @Test func concurrentLinesInMemoryNeverInterleave() throws {
        let sink = LogSink.memory()
        let logger = makeLogger(sink)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<250 {
                logger.info("tick", "line \(index)", ["thread": String(thread)])
            }
        }
        #expect(sink.lines.count == 2_000)
        for line in sink.lines { _ = try parse(line) }
    }

    @Test func concurrentWritesToADescriptorProduceWholeLines() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("obs-log-\(UUID().uuidString).jsonl").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { unlink(path) }
        let logger = makeLogger(LogSink.fileDescriptor(fd))
        let payload = String(repeating: "x", count: 5_000)  // larger than PIPE_BUF
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<100 {
                logger.info("tick", payload, ["thread": String(thread), "index": String(index)])
            }
        }
        close(fd)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 801)
        #expect(lines.last == "")
        var seen = Set<String>()
        for line in lines.dropLast() {
            let object = try parse(String(line))
            #expect(object["message"] == payload)
            seen.insert("\(object["thread"] ?? "?")/\(object["index"] ?? "?")")
        }
        #expect(seen.count == 800)
    }
}
