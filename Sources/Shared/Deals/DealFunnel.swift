/// The UIS sales funnel of a tenant's Planfix deal object, and which stage each Planfix status maps to.
///
/// UIS allows exactly one success stage, one failed stage and 1–100 in-process stages
/// (uis-chats-leads-deals.md §3.2, §3.6), while a Planfix object has any number of statuses. So: the tenant's
/// success status is the success stage, its failure status the failed stage, each active status an in-process
/// stage (in Planfix's order), and every other closed status collapses into one in-process stage
/// («Закрыта без результата»): it is neither won nor lost, and UIS has no other kind for it.
///
/// Stage ext ids name the role, not the status (`…:success`, `…:failed`), so changing which status means
/// success renames a stage instead of needing a new funnel; in-process stages are `…:status-<id>`.
public struct DealFunnel: Sendable, Equatable {
    public enum StageKind: String, Sendable, Equatable, Codable { case inProcess = "in_process", success, failed }

    public let funnel: UISSalesFunnel
    /// Planfix status id → stage ext id.
    public let stageOfStatus: [Int: String]

    /// The funnel's ext id for a Planfix object.
    public static func extId(objectId: Int) -> String { "planfix-object-\(objectId)" }

    /// Builds the funnel. - Throws: `DealFunnelError` when the statuses cannot make a valid UIS funnel.
    public static func build(objectId: Int, objectName: String?, statuses: [PlanfixStatus], successStatusId: Int,
                             failureStatusId: Int) throws(DealFunnelError) -> DealFunnel {
        let ext = extId(objectId: objectId)
        guard let success = statuses.first(where: { $0.id == successStatusId }) else { throw .unknownStatus(successStatusId, role: "success_status_id") }
        guard let failure = statuses.first(where: { $0.id == failureStatusId }) else { throw .unknownStatus(failureStatusId, role: "failure_status_id") }
        var map: [Int: String] = [success.id: "\(ext):success", failure.id: "\(ext):failed"]
        var inProcess: [UISSalesFunnel.Stage] = []
        var closedOthers: [PlanfixStatus] = []
        for status in statuses where status.id != successStatusId && status.id != failureStatusId {
            if status.isActive ?? true {
                // Room is kept for the collapsed stage; beyond UIS's 100 stages the extra statuses collapse too.
                if inProcess.count < DealAssumptions.maxInProcessStages - 1 {
                    let stageExt = "\(ext):status-\(status.id)"
                    inProcess.append(.init(extId: stageExt, name: name(status), order: (inProcess.count + 1) * 10))
                    map[status.id] = stageExt
                    continue
                }
            }
            closedOthers.append(status)
        }
        if !closedOthers.isEmpty || inProcess.isEmpty {
            let stageExt = "\(ext):closed-other"
            inProcess.append(.init(extId: stageExt, name: DealAssumptions.closedOtherStageName, order: (inProcess.count + 1) * 10))
            for status in closedOthers { map[status.id] = stageExt }
        }
        let funnel = UISSalesFunnel(extId: ext, name: objectName.map { "Planfix: \($0)" } ?? "Planfix: объект \(objectId)",
                                    success: .init(extId: "\(ext):success", name: name(success)),
                                    failed: .init(extId: "\(ext):failed", name: name(failure)), inProcess: inProcess)
        return DealFunnel(funnel: funnel, stageOfStatus: map)
    }

    /// The stage of a status and its kind, or nil for a status the funnel does not know.
    public func stage(forStatus id: Int) -> (extId: String, kind: StageKind)? {
        guard let ext = stageOfStatus[id] else { return nil }
        if ext == funnel.stages.success.extId { return (ext, .success) }
        if ext == funnel.stages.failed.extId { return (ext, .failed) }
        return (ext, .inProcess)
    }

    private static func name(_ status: PlanfixStatus) -> String {
        let trimmed = (status.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "Статус \(status.id)" : trimmed
    }
}

public enum DealFunnelError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownStatus(Int, role: String)

    public var description: String {
        switch self {
        case let .unknownStatus(id, role): "deals.\(role) \(id) is not a status of the deal object in Planfix"
        }
    }
}
