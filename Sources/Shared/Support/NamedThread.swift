import Foundation
import Glibc

/// Starts an OS thread whose name the kernel knows (`top -H`, `ps -L`, `perf`, `/proc/<pid>/task/*/comm`).
///
/// Why: on Linux, a Foundation `Thread.name` set before `start()` never reaches the OS thread, so every thread of
/// the fleet showed up under the process's name or a Dispatch queue's, and an operator (or a benchmark) could not
/// tell the HTTP event loops from the Redis client's thread.
public enum NamedThread {
    /// Linux keeps at most this many bytes of a thread's name; longer names are cut.
    static let maxNameBytes = 15

    /// Runs `body` on a new thread named `name`.
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            nameCurrentThread(name)
            body()
        }
        thread.name = name
        thread.start()
    }

    /// Names the calling thread (cut to `maxNameBytes` at a character boundary). Through `/proc/thread-self/comm`,
    /// which is what `pthread_setname_np` does: Glibc's Swift module does not export that GNU extension. A name is
    /// cosmetic, so a failure is ignored.
    static func nameCurrentThread(_ name: String) {
        var cut = ""
        for c in name where cut.utf8.count + String(c).utf8.count <= maxNameBytes { cut.append(c) }
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Array(cut.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
