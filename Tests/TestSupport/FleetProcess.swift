import Foundation
import Glibc

/// Where the built executables and system tools are.
public enum Executables {
    /// The package root, found from this file's path (Tests/TestSupport/Executables.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A product of this package (`FLEET_BIN_DIR`, default `.build/debug`).
    public static func fleet(_ name: String) throws -> URL {
        let dir = ProcessInfo.processInfo.environment["FLEET_BIN_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".build/debug")
        let url = dir.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw TestSupportError("\(url.path) is missing: run `swift build` first (scripts/test.sh does)")
        }
        return url
    }

    public static func system(_ name: String) throws -> URL {
        for dir in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TestSupportError("\(name) is not installed: scripts/test.sh installs it")
    }
}

/// A fleet executable started by a test, with its output kept in a file for the assertion messages.
public final class FleetProcess: @unchecked Sendable {  // owned by one test
    public let process = Process()
    public let logFile: URL

    public init(_ name: String, arguments: [String] = [], environment: [String: String]) throws {
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = try Executables.fleet(name)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit { if process.isRunning { kill(SIGKILL) } }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    public func kill(_ signal: Int32) { Glibc.kill(process.processIdentifier, signal) }

    /// Waits for exit up to `timeout`; returns the exit status or nil if still running.
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    public var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Runs a command to completion and returns (exit status, combined output).
    public static func run(_ name: String, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(60)) async throws -> (Int32, String) {
        let p = try FleetProcess(name, arguments: arguments, environment: environment)
        guard let status = await p.wait(timeout: timeout) else {
            p.kill(SIGKILL)
            throw TestSupportError("\(name) \(arguments) did not finish within \(timeout)")
        }
        return (status, p.output)
    }
}

/// Polls `condition` until it holds or `timeout` passes (an expectation with a timeout, no fixed sleeps).
public func eventually(timeout: Duration = .seconds(20), every interval: Duration = .milliseconds(50),
                       _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}
