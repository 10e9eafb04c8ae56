/// Assembles the exposition text for one scrape from registered metrics and collector
/// samples. Exists to keep the formatting rules out of ``MetricsRegistry``.
///
/// Registered series are sorted by their label block; collector samples follow in the order
/// returned (so a collector's histogram buckets keep their `le` order). Label pairs are sorted
/// by name (histograms add `le` last) and label values pass through the ``SecretRedactor``.
/// It never fails: collector samples with an invalid name or label name, a histogram sample
/// without a `_bucket`/`_sum`/`_count` suffix (or a bucket without `le`), a type different
/// from an existing family, or a series already present are dropped.
struct PrometheusRenderer {
    private struct Family {
        var help: String
        var type: MetricType
        var lines: [String] = []
    }

    private let redactor: SecretRedactor
    private var families: [String: Family] = [:]
    /// `name{labels}` of every sample line emitted, to drop duplicates.
    private var seriesKeys: Set<String> = []

    init(redactor: SecretRedactor) {
        self.redactor = redactor
    }

    mutating func addRegistered(name: String, help: String, type: MetricType, metrics: [MetricsRegistry.RegisteredMetric]) {
        var blocks: [(sortKey: String, lines: [String])] = []
        for metric in metrics {
            switch metric {
            case .counter(let counter):
                let labels = labelBlock(counter.labels)
                blocks.append((labels, [sampleLine(name, labels, counter.value)]))
            case .gauge(let gauge):
                let labels = labelBlock(gauge.labels)
                blocks.append((labels, [sampleLine(name, labels, gauge.value)]))
            case .histogram(let histogram):
                blocks.append((labelBlock(histogram.labels), histogramLines(name, histogram)))
            }
        }
        blocks.sort { $0.sortKey < $1.sortKey }
        families[name] = Family(help: help, type: type, lines: blocks.flatMap(\.lines).filter { !$0.isEmpty })
    }

    mutating func addCollected(_ samples: [MetricSample]) {
        for sample in samples {
            guard let familyName = Self.familyName(of: sample),
                  PrometheusText.isValidMetricName(sample.name),
                  PrometheusText.isValidMetricName(familyName),
                  sample.labels.keys.allSatisfy(PrometheusText.isValidLabelName) else { continue }
            if let existing = families[familyName], existing.type != sample.type { continue }
            let labels = labelBlock(sample.labels, leLast: sample.type == .histogram)
            let line = sampleLine(sample.name, labels, sample.value)
            guard !line.isEmpty else { continue }
            families[familyName, default: Family(help: sample.help, type: sample.type)].lines.append(line)
        }
    }

    /// The exposition text; empty when nothing is registered.
    func text() -> String {
        var out = ""
        for name in families.keys.sorted() {
            guard let family = families[name], !family.lines.isEmpty else { continue }
            if !family.help.isEmpty {
                out += "# HELP \(name) \(PrometheusText.escapeHelp(family.help))\n"
            }
            out += "# TYPE \(name) \(family.type.rawValue)\n"
            for line in family.lines {
                out += line
                out += "\n"
            }
        }
        return out
    }

    private static func familyName(of sample: MetricSample) -> String? {
        guard sample.type == .histogram else { return sample.name }
        if sample.name.hasSuffix("_bucket") {
            return sample.labels["le"] == nil ? nil : String(sample.name.dropLast("_bucket".count))
        }
        for suffix in ["_sum", "_count"] where sample.name.hasSuffix(suffix) {
            return String(sample.name.dropLast(suffix.count))
        }
        return nil
    }

    private mutating func histogramLines(_ name: String, _ histogram: Histogram) -> [String] {
        let snapshot = histogram.snapshot()
        let sorted = sortedPairs(histogram.labels)
        var lines: [String] = []
        let bounds = snapshot.upperBounds.map(PrometheusText.formatValue) + ["+Inf"]
        for (bound, count) in zip(bounds, snapshot.cumulativeCounts) {
            let labels = PrometheusText.labelBlock(sorted + [("le", bound)])
            lines.append(sampleLine(name + "_bucket", labels, Double(count)))
        }
        let labels = PrometheusText.labelBlock(sorted)
        lines.append(sampleLine(name + "_sum", labels, snapshot.sum))
        lines.append(sampleLine(name + "_count", labels, Double(snapshot.count)))
        return lines
    }

    /// `name{labels} value`, or "" when this series was already emitted.
    private mutating func sampleLine(_ name: String, _ labels: String, _ value: Double) -> String {
        let key = name + labels
        guard seriesKeys.insert(key).inserted else { return "" }
        return key + " " + PrometheusText.formatValue(value)
    }

    private func labelBlock(_ labels: [String: String], leLast: Bool = false) -> String {
        var pairs = sortedPairs(labels)
        if leLast, let index = pairs.firstIndex(where: { $0.name == "le" }) {
            pairs.append(pairs.remove(at: index))
        }
        return PrometheusText.labelBlock(pairs)
    }

    private func sortedPairs(_ labels: [String: String]) -> [(name: String, value: String)] {
        labels.sorted { $0.key < $1.key }.map { (name: $0.key, value: redactor.redact($0.value)) }
    }
}
