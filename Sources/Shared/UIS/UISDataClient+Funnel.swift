/// Keeping a sales funnel in step after `create.sales_funnel` (uis-chats-leads-deals.md §3.2): rename it, add,
/// rename or reorder and delete in-process stages. UIS cannot change a stage's kind (success/failed/in process).
extension UISDataClient {
    /// `update.sales_funnel {ext_id, name}`.
    public func updateSalesFunnel(extId: String, name: String, holder: String) async throws {
        _ = try await endpoint.call("update.sales_funnel", params: UISFunnelRenameParams(extId: extId, name: name), as: UISEmpty.self, holder: holder)
    }

    /// `create.sales_funnel_stages {sales_funnel_ext_id, ext_id, name, order}` (in-process stages only).
    public func createSalesFunnelStage(funnelExtId: String, _ stage: UISSalesFunnel.Stage, holder: String) async throws {
        let params = UISFunnelStageParams(salesFunnelExtId: funnelExtId, extId: stage.extId, name: stage.name, order: stage.order)
        _ = try await endpoint.call("create.sales_funnel_stages", params: params, as: UISEmpty.self, holder: holder)
    }

    /// `update.sales_funnel_stages {sales_funnel_ext_id, ext_id, name?, order?}`.
    public func updateSalesFunnelStage(funnelExtId: String, _ stage: UISSalesFunnel.Stage, holder: String) async throws {
        let params = UISFunnelStageParams(salesFunnelExtId: funnelExtId, extId: stage.extId, name: stage.name, order: stage.order)
        _ = try await endpoint.call("update.sales_funnel_stages", params: params, as: UISEmpty.self, holder: holder)
    }

    /// `delete.sales_funnel_stages {sales_funnel_ext_id, ext_id}`: refused while a deal is in the stage.
    public func deleteSalesFunnelStage(funnelExtId: String, extId: String, holder: String) async throws {
        let params = UISFunnelStageParams(salesFunnelExtId: funnelExtId, extId: extId, name: nil, order: nil)
        _ = try await endpoint.call("delete.sales_funnel_stages", params: params, as: UISEmpty.self, holder: holder)
    }
}

struct UISFunnelRenameParams: Encodable {
    var extId: String
    var name: String
}

struct UISFunnelStageParams: Encodable {
    var salesFunnelExtId: String
    var extId: String
    var name: String?
    var order: Int?
}
