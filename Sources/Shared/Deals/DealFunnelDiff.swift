/// What to send to UIS to turn the funnel it has into the one the tenant's statuses and settings describe.
///
/// UIS has no "replace funnel": a funnel is created once (`create.sales_funnel`), then in-process stages are
/// added (`create.sales_funnel_stages`), renamed or reordered (`update.sales_funnel_stages`) and removed
/// (`delete.sales_funnel_stages`, refused while a deal is in the stage or if it is the last in-process stage).
/// Changes come in that order, so the funnel never loses its last in-process stage half-way.
public enum DealFunnelChange: Sendable, Equatable {
    case createFunnel(UISSalesFunnel)
    case renameFunnel(extId: String, name: String)
    case addStage(funnelExtId: String, UISSalesFunnel.Stage)
    case updateStage(funnelExtId: String, UISSalesFunnel.Stage)
    case deleteStage(funnelExtId: String, extId: String)
}

public enum DealFunnelDiff {
    /// The changes from `applied` (nil: UIS has no funnel yet) to `desired`; empty when they are equal.
    public static func changes(from applied: UISSalesFunnel?, to desired: UISSalesFunnel) -> [DealFunnelChange] {
        guard let applied, applied.extId == desired.extId else { return [.createFunnel(desired)] }
        let ext = desired.extId
        var changes: [DealFunnelChange] = []
        if applied.name != desired.name { changes.append(.renameFunnel(extId: ext, name: desired.name)) }
        let old = Dictionary(applied.stages.inProcess.map { ($0.extId, $0) }) { a, _ in a }
        let new = Set(desired.stages.inProcess.map(\.extId))
        for stage in desired.stages.inProcess where old[stage.extId] == nil { changes.append(.addStage(funnelExtId: ext, stage)) }
        for stage in [desired.stages.success, desired.stages.failed] {
            let before = stage.extId == applied.stages.success.extId ? applied.stages.success
                : stage.extId == applied.stages.failed.extId ? applied.stages.failed : nil
            if before?.name != stage.name { changes.append(.updateStage(funnelExtId: ext, stage)) }
        }
        for stage in desired.stages.inProcess {
            if let before = old[stage.extId], before != stage { changes.append(.updateStage(funnelExtId: ext, stage)) }
        }
        for stage in applied.stages.inProcess where !new.contains(stage.extId) {
            changes.append(.deleteStage(funnelExtId: ext, extId: stage.extId))
        }
        return changes
    }
}
