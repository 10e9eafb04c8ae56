/// The batched deal upload's metrics, named and described in one place: deal jobs stage records, upload runs send
/// or refuse them, and both (with the trigger) report how many deals wait.
struct DealUploadMetrics: Sendable {
    let registry: MetricsRegistry

    /// Records staged, uploaded or refused.
    func records(_ result: String, _ count: Int = 1) {
        registry.counter("deals_records_total", help: "Staged deal records by how UIS took them.", labels: ["result": result]).inc(Double(count))
    }

    /// One `upload.deals_history` call UIS accepted, with its record count.
    func uploaded(records: Int) {
        registry.counter("deals_uploads_total", help: "upload.deals_history calls UIS accepted.").inc()
        registry.histogram("deals_upload_records", help: "Records per upload.deals_history call UIS accepted.",
                           buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]).observe(Double(records))
        self.records("uploaded", records)
    }

    /// Deals of `tenant` whose records wait.
    func pending(tenant: String, deals: Int) {
        registry.gauge("deals_pending", help: "Deals whose records wait for upload to UIS, per tenant.", labels: ["tenant": tenant]).set(Double(deals))
    }
}
