extension ContinuousClock.Instant {
    /// Seconds from this instant to now, as the metrics' histograms take them.
    public var secondsSince: Double {
        let (s, atto) = (ContinuousClock.now - self).components
        return Double(s) + Double(atto) / 1e18
    }
}
