import Foundation
import Glibc

/// A private redis-sentinel watching one master (quorum 1, short timeouts), for failover tests.
public final class SentinelServer: @unchecked Sendable {  // owned by one test
    public let port: Int
    private let process = Process()
    private let directory: URL

    public init(masterName: String, masterPort: Int) throws {
        port = try FreePort.find()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-sentinel-\(port)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("sentinel.conf")
        try """
            port \(port)
            bind 127.0.0.1
            dir \(directory.path)
            logfile \(directory.appendingPathComponent("sentinel.log").path)
            sentinel monitor \(masterName) 127.0.0.1 \(masterPort) 1
            sentinel down-after-milliseconds \(masterName) 1000
            sentinel failover-timeout \(masterName) 5000
            """.write(to: config, atomically: true, encoding: .utf8)
        process.executableURL = try Executables.system("redis-sentinel")
        process.arguments = [config.path]
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }
}
