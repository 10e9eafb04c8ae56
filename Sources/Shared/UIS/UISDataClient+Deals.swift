/// Deals for UIS ad analytics (uis-chats-leads-deals.md §3): funnel, CRM employees and contacts, deal history.
extension UISDataClient {
    /// `create.sales_funnel`. - Returns: the funnel's `ext_id` as UIS echoes it (the one sent when absent).
    @discardableResult
    public func createSalesFunnel(_ funnel: UISSalesFunnel, holder: String) async throws -> UISResponse<String> {
        let r = try await endpoint.call("create.sales_funnel", params: funnel, as: UISExtID.self, holder: holder)
        return UISResponse(data: r.data.extId ?? funnel.extId, metadata: r.metadata)
    }

    /// `create.deal_contacts` (≤ 1000 per call; more fails permanently before any request, since re-sending
    /// already created contacts would fail with `duplicate_entity`).
    @discardableResult
    public func createDealContacts(_ contacts: [UISDealContact], holder: String) async throws -> UISResponse<UISEmpty> {
        guard contacts.count <= UISAssumptions.maxDealContactsPerCall else {
            throw JobFailure.permanent("uis-data: \(contacts.count) deal contacts exceed the per-call limit of \(UISAssumptions.maxDealContactsPerCall)",
                                       errorClass: "uis-data-batch-too-large")
        }
        return try await endpoint.call("create.deal_contacts", params: UISDealContactsParams(contacts: contacts), as: UISEmpty.self, holder: holder)
    }

    /// `update.deal_contacts` (one contact per call): its name, phones and e-mails replace what UIS has.
    @discardableResult
    public func updateDealContact(_ contact: UISDealContact, holder: String) async throws -> UISResponse<UISEmpty> {
        try await endpoint.call("update.deal_contacts", params: UISDealContactUpdateParams(contact), as: UISEmpty.self, holder: holder)
    }

    /// `create.deal_employees` (one per call). - Returns: the `ext_id`.
    @discardableResult
    public func createDealEmployees(extId: String, name: String, holder: String) async throws -> UISResponse<String> {
        let r = try await endpoint.call("create.deal_employees", params: UISDealEmployeeParams(extId: extId, name: name), as: UISExtID.self, holder: holder)
        return UISResponse(data: r.data.extId ?? extId, metadata: r.metadata)
    }

    /// `upload.deals_history` in calls of at most `UISAssumptions.maxDealsPerUpload` records, each deal's records
    /// together and in order (`DealBatches`), one request per call (so `DealUpload`'s batches of at most that many
    /// are exactly one call). Re-sending a call is accepted by the "≥ last stage time" rule, so an upload that
    /// fails half-way can simply be retried. - Returns: the limits after the last call.
    @discardableResult
    public func uploadDealsHistory(_ deals: [UISDealRecord], holder: String) async throws -> UISLimits? {
        var limits: UISLimits?
        for batch in DealBatches.split(deals, limit: UISAssumptions.maxDealsPerUpload) {
            limits = try await endpoint.call("upload.deals_history", params: UISDealsParams(deals: batch), as: UISEmpty.self, holder: holder).limits
        }
        return limits
    }
}
