import Foundation
import Glibc
import Shared

/// A private redis-server for one test suite: its own free port and temporary directory, `appendonly yes` with
/// `appendfsync always` (so a SIGKILL of the server loses nothing it acknowledged), never a Redis we did not start.
public final class RedisServer: @unchecked Sendable {  // mutated only by the test that owns it
    public let port: Int
    public let directory: URL
    private var process: Process?
    private let extraArguments: [String]
    private let configFile: String?

    /// - Parameter extraArguments: more `redis-server` options, e.g. `["--replicaof", "127.0.0.1", "6379"]`.
    /// - Parameter configFile: a redis.conf to start from (port, dir and logging are still set here).
    public init(configFile: String? = nil, extraArguments: [String] = []) throws {
        self.extraArguments = extraArguments
        self.configFile = configFile
        port = try FreePort.find()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-redis-\(port)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    deinit { kill(signal: SIGKILL) ; try? FileManager.default.removeItem(at: directory) }

    public var url: String { "redis://127.0.0.1:\(port)/0" }
    public var resolver: RedisEndpointResolver { RedisEndpointResolver(url: try! RedisURL(parsing: url)) }

    /// Starts (or restarts) the server on the same port and directory, and waits until it answers.
    public func start() throws {
        let p = Process()
        p.executableURL = try Executables.system("redis-server")
        let durability = configFile == nil ? ["--appendonly", "yes", "--appendfsync", "always"] : []
        p.arguments = (configFile.map { [$0] } ?? []) + ["--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory.path] + durability + [
                       "--save", "", "--daemonize", "no", "--logfile", directory.appendingPathComponent("redis.log").path]
            + extraArguments
        try p.run()
        process = p
        try waitUntilAnswering()
    }

    /// Kills the server (SIGKILL by default: a crash, not a clean shutdown).
    public func kill(signal: Int32 = SIGKILL) {
        guard let p = process, p.isRunning else { return }
        Glibc.kill(p.processIdentifier, signal)
        p.waitUntilExit()
        process = nil
    }

    /// Sends a signal without waiting (SIGSTOP makes the server hang instead of refusing; SIGCONT resumes it).
    public func signal(_ signal: Int32) {
        guard let p = process, p.isRunning else { return }
        Glibc.kill(p.processIdentifier, signal)
    }

    /// Runs a command with a throwaway connection (for test setup and assertions).
    @discardableResult
    public func command(_ args: String...) throws -> RedisReply {
        let c = RedisConnection(resolver: resolver)
        defer { c.disconnect() }
        return try c.command(RedisCommand(args)).orThrow()
    }

    public func command(_ args: [[UInt8]]) throws -> RedisReply {
        let c = RedisConnection(resolver: resolver)
        defer { c.disconnect() }
        return try c.command(RedisCommand(args)).orThrow()
    }

    private func waitUntilAnswering() throws {
        for _ in 0..<200 {
            if (try? command("PING")) != nil { return }
            usleep(25_000)
        }
        throw TestSupportError("redis-server on port \(port) did not start; see \(directory.path)/redis.log")
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A free TCP port on 127.0.0.1 (bound to port 0, read back, released).
public enum FreePort {
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw TestSupportError("bind() failed") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
