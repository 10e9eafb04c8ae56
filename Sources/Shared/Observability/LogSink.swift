#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Destination of finished log lines: a file descriptor (stdout, stderr) or memory (tests).
///
/// Exists to guarantee that lines never interleave: each line plus its newline is handed to
/// write(2) in one call while a per-sink lock is held, so concurrent writers from any thread
/// produce whole lines. Failure modes: a write error other than EINTR (closed pipe, full disk)
/// drops the rest of that line silently, because logging must never take the process down;
/// a slow reader on stdout blocks the writing thread (and anyone waiting for the lock).
/// Note that writing to a pipe whose reader is gone raises SIGPIPE unless the process ignores it.
public final class LogSink: Sendable {
    private enum Target: Sendable {
        case fileDescriptor(Int32)
        case memory
    }

    private let target: Target
    /// Guards the write for fd sinks and holds the lines for memory sinks.
    private let state = Mutex<[String]>([])

    private init(_ target: Target) {
        self.target = target
    }

    /// Standard output (fd 1). One shared instance, so every logger in the process uses one lock.
    public static let stdout = LogSink(.fileDescriptor(STDOUT_FILENO))

    /// Standard error (fd 2).
    public static let stderr = LogSink(.fileDescriptor(STDERR_FILENO))

    /// A sink writing to an already open descriptor. The caller keeps the descriptor open for the
    /// sink's lifetime and should create only one sink per descriptor (the lock is per sink).
    public static func fileDescriptor(_ fd: Int32) -> LogSink {
        LogSink(.fileDescriptor(fd))
    }

    /// A sink that keeps lines in memory, for tests. Read them back with ``lines``.
    public static func memory() -> LogSink {
        LogSink(.memory)
    }

    /// Lines written so far, without trailing newline. Always empty for descriptor sinks.
    public var lines: [String] {
        state.withLock { $0 }
    }

    /// Writes one line; a newline is appended. The line must not contain a raw newline
    /// (``JSONLineEncoder`` output never does).
    public func write(_ line: String) {
        switch target {
        case .memory:
            state.withLock { $0.append(line) }
        case .fileDescriptor(let fd):
            var bytes = line
            bytes.append("\n")
            bytes.withUTF8 { buffer in
                state.withLock { _ in Self.writeAll(fd: fd, buffer) }
            }
        }
    }

    /// One write(2) per line; loops only for partial writes and EINTR.
    private static func writeAll(fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard var pointer = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = systemWrite(fd, pointer, remaining)
            if written > 0 {
                pointer += written
                remaining -= written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// write(2), named so it is not shadowed by ``LogSink/write(_:)``.
private func systemWrite(_ fd: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
