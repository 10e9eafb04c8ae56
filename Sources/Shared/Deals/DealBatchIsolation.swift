/// Finding the deals UIS refuses in a batch, so only they fail.
///
/// UIS refuses a whole `upload.deals_history` call when one record is wrong (uis-chats-leads-deals.md §3.5). A
/// refused batch is therefore split: when UIS's error names a record (`deals[i]`,
/// `DealAssumptions.refusalNamesTheRecord`), that record's deal is tried alone and the rest together; otherwise
/// (or when the named deal goes through alone, so the hint was wrong) the batch is halved, each half sent, and
/// so on until the refused deals stand alone. A deal's records always travel together and in order. k bad deals
/// in n cost about 2k calls with a right hint, 2k·log2(n) without.
///
/// Only permanent refusals split a batch: a transient failure or a deferral (UIS down, limits, breaker) is thrown
/// to the caller with everything not yet settled still waiting.
public enum DealBatchIsolation {
    /// Sends `deals` (each with `size` records) with `send`; `refused` is called for each deal UIS refuses alone.
    public static func upload<Deal>(_ deals: [Deal], size: (Deal) -> Int, send: ([Deal]) async throws -> Void,
                                    refused: (Deal, JobFailure) async throws -> Void,
                                    trustHint: Bool = DealAssumptions.refusalNamesTheRecord) async throws {
        guard !deals.isEmpty else { return }
        let failure: JobFailure
        do {
            try await send(deals)
            return
        } catch let f as JobFailure where f.kind == .permanent {
            failure = f
        }
        if deals.count == 1 { return try await refused(deals[0], failure) }
        if trustHint, let record = recordIndex(in: failure.message), let named = deal(containing: record, in: deals, size: size) {
            var namedWasRefused = false
            try await upload([deals[named]], size: size, send: send, refused: { d, f in
                namedWasRefused = true
                try await refused(d, f)
            })
            var rest = deals
            rest.remove(at: named)
            return try await upload(rest, size: size, send: send, refused: refused, trustHint: namedWasRefused)
        }
        let half = deals.count / 2
        try await upload(Array(deals[..<half]), size: size, send: send, refused: refused, trustHint: trustHint)
        try await upload(Array(deals[half...]), size: size, send: send, refused: refused, trustHint: trustHint)
    }

    /// The index of the record a UIS error names in its `field` (`… (field deals[12].modified_stage_date_time) …`,
    /// as `RemoteOutcome.uis` words it), or nil.
    public static func recordIndex(in message: String) -> Int? {
        guard let start = message.range(of: "(field deals[") else { return nil }
        let digits = message[start.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, message[start.upperBound...].dropFirst(digits.count).first == "]" else { return nil }
        return Int(digits)
    }

    /// Which deal holds record `index` of the call made of `deals` in order.
    static func deal<Deal>(containing index: Int, in deals: [Deal], size: (Deal) -> Int) -> Int? {
        var end = 0
        for (i, d) in deals.enumerated() {
            end += size(d)
            if index < end { return i }
        }
        return nil
    }
}
