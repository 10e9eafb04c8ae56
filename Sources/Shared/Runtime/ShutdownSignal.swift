import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT (and programmatic requests) into one awaitable event.
///
/// The default signal actions are disabled so the process is not killed mid-job; a second signal after the
/// first does nothing more (the grace period already bounds the stop).
public final class ShutdownSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let sources = Mutex<[SignalSource]>([])

    /// Dispatch sources are thread-safe but not marked Sendable; they are only kept alive here.
    private struct SignalSource: @unchecked Sendable { let source: any DispatchSourceSignal }

    public init() {}

    /// Starts listening for SIGTERM and SIGINT.
    public func installSignalHandlers() {
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in self.fire() }
            source.resume()
            sources.withLock { $0.append(SignalSource(source: source)) }
        }
    }

    /// Requests the stop (idempotent).
    public func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.fired { return [] }
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    public var hasFired: Bool { state.withLock { $0.fired } }

    /// Returns once the stop was requested.
    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiters.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}
