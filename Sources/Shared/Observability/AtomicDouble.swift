import Synchronization

/// A lock-free Double: the bit pattern lives in an `Atomic<UInt64>`, additions use a
/// compare-exchange loop. Exists because `Atomic<Double>` is not available.
/// Relaxed ordering: each metric value is independent, readers only need an eventual value.
/// Integer-valued additions stay exact up to 2^53; heavy contention only costs CAS retries.
struct AtomicDouble: ~Copyable, Sendable {
    private let bits: Atomic<UInt64>

    init(_ value: Double) {
        bits = Atomic(value.bitPattern)
    }

    func load() -> Double {
        Double(bitPattern: bits.load(ordering: .relaxed))
    }

    func store(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: next, ordering: .relaxed
            )
            if exchanged { return }
            current = original
        }
    }
}
