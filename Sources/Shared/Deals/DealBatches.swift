/// Splitting deal records into `upload.deals_history` calls.
///
/// Calls hold at most `DealAssumptions.maxDealsPerUpload` records. A deal's records stay in their order, in one
/// call when they fit, so its stage times never go back within or across calls. (`DealUpload` takes batches that
/// fit one call; a call UIS refuses is split by `DealBatchIsolation`.)
public enum DealBatches {
    /// Groups `records` into calls of at most `limit`, keeping each deal's records in order and, when a deal has
    /// no more than `limit` records, in one call.
    public static func split(_ records: [UISDealRecord], limit: Int = DealAssumptions.maxDealsPerUpload) -> [[UISDealRecord]] {
        let limit = max(1, limit)
        var order: [String] = []
        var byDeal: [String: [UISDealRecord]] = [:]
        for r in records {
            if byDeal[r.extId] == nil { order.append(r.extId) }
            byDeal[r.extId, default: []].append(r)
        }
        var batches: [[UISDealRecord]] = []
        var current: [UISDealRecord] = []
        for ext in order {
            var deal = byDeal[ext]!
            if current.count + deal.count > limit, !current.isEmpty {
                batches.append(current)
                current = []
            }
            while deal.count > limit {
                batches.append(Array(deal.prefix(limit)))
                deal.removeFirst(limit)
            }
            current += deal
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
