import Foundation

/// Keeps a tenant's UIS sales funnel in step with its Planfix deal object and settings, from inside deal jobs.
///
/// Each job builds the funnel it needs (`DealFunnel.build`) from the object's statuses (cached for
/// `DealAssumptions.statusesCacheTTL`, re-read at once when the task has a status the cache lacks) and the
/// tenant's success/failure statuses; when it differs from the funnel last synced, the job takes the tenant's
/// funnel lock and sends the difference (`DealFunnelDiff`). So the funnel is created by the first deal, and a
/// changed status mapping or a new Planfix status updates it before the next deal that needs it is uploaded.
///
/// How it fails: settings naming a status the object does not have → permanent (`deal-settings`); another job
/// changing the funnel → deferred one second; UIS answers go through the guard like every call. A stage UIS
/// refuses to delete (it still holds deals) is left in place and logged.
struct DealFunnelSync: Sendable {
    let store: DealStateStore

    func ensure(tenant: String, settings: DealSettings, objectId: Int, objectName: String?, statusId: Int,
                planfix: PlanfixClient, uis: UISDataClient, holder: String, logger: Logger) async throws -> DealFunnel {
        guard let successId = settings.successStatusId, let failureId = settings.failureStatusId else {
            throw JobFailure.permanent("deals.success_status_id and failure_status_id are required", errorClass: "deal-settings")
        }
        func build(_ statuses: [PlanfixStatus]) throws(DealFunnelError) -> DealFunnel {
            try DealFunnel.build(objectId: objectId, objectName: objectName, statuses: statuses, successStatusId: successId, failureStatusId: failureId)
        }
        func read() async throws -> [PlanfixStatus] {
            let read = try await planfix.objectStatuses(objectId: objectId, holder: holder)
            try await store.cacheStatuses(tenant: tenant, objectId: objectId, read)
            return read
        }
        var statuses = try await store.cachedStatuses(tenant: tenant, objectId: objectId)
        var fresh = false
        if statuses == nil || !(statuses ?? []).contains(where: { $0.id == statusId }) {
            statuses = try await read()
            fresh = true
        }
        let desired: DealFunnel
        do {
            desired = try build(statuses ?? [])
        } catch {
            // The settings may name a status created after the cached list was read.
            guard !fresh else { throw JobFailure.permanent(error.description, errorClass: "deal-settings") }
            do { desired = try build(try await read()) } catch let error as DealFunnelError {
                throw JobFailure.permanent(error.description, errorClass: "deal-settings")
            }
        }
        if try await store.appliedFunnel(tenant: tenant) == desired.funnel { return desired }
        guard try await store.lockFunnel(tenant: tenant, holder: holder) else {
            throw JobFailure.deferred("another job is changing tenant \(tenant)'s sales funnel", by: .seconds(1), errorClass: "deal-funnel-busy")
        }
        do {
            let applied = try await store.appliedFunnel(tenant: tenant)
            if applied != desired.funnel {
                let changes = DealFunnelDiff.changes(from: applied, to: desired.funnel)
                for change in changes { try await apply(change, uis: uis, holder: holder, logger: logger) }
                try await store.recordFunnel(tenant: tenant, desired.funnel)
                logger.info("deals.funnel_synced", "the UIS sales funnel follows the deal object's statuses",
                            ["funnel": desired.funnel.extId, "changes": String(changes.count),
                             "stages": String(desired.funnel.stages.inProcess.count + 2)])
            }
        } catch {
            try? await store.unlockFunnel(tenant: tenant, holder: holder)
            throw error
        }
        try await store.unlockFunnel(tenant: tenant, holder: holder)
        return desired
    }

    private func apply(_ change: DealFunnelChange, uis: UISDataClient, holder: String, logger: Logger) async throws {
        switch change {
        case let .createFunnel(funnel):
            do {
                try await uis.createSalesFunnel(funnel, holder: holder)
            } catch let failure as JobFailure where Self.refused(failure, "duplicate_entity") {
                // UIS has it but our record was lost: bring its stages to what we want, as far as UIS lets us.
                for stage in funnel.stages.inProcess {
                    try await apply(.addStage(funnelExtId: funnel.extId, stage), uis: uis, holder: holder, logger: logger)
                }
                for stage in [funnel.stages.success, funnel.stages.failed] + funnel.stages.inProcess {
                    try await uis.updateSalesFunnelStage(funnelExtId: funnel.extId, stage, holder: holder)
                }
            }
        case let .renameFunnel(extId, name):
            try await uis.updateSalesFunnel(extId: extId, name: name, holder: holder)
        case let .addStage(funnelExtId, stage):
            do { try await uis.createSalesFunnelStage(funnelExtId: funnelExtId, stage, holder: holder) }
            catch let failure as JobFailure where Self.refused(failure, "duplicate_entity") {
                try await uis.updateSalesFunnelStage(funnelExtId: funnelExtId, stage, holder: holder)
            }
        case let .updateStage(funnelExtId, stage):
            try await uis.updateSalesFunnelStage(funnelExtId: funnelExtId, stage, holder: holder)
        case let .deleteStage(funnelExtId, extId):
            do { try await uis.deleteSalesFunnelStage(funnelExtId: funnelExtId, extId: extId, holder: holder) }
            catch let failure as JobFailure where Self.refused(failure, "entity_not_found") {
                return
            } catch let failure as JobFailure where failure.kind == .permanent {
                logger.warning("deals.stage_kept", "UIS keeps a stage no Planfix status maps to any more: \(failure.message)",
                               ["funnel": funnelExtId, "stage": extId])
            }
        }
    }

    /// Whether UIS refused the call permanently with this mnemonic.
    static func refused(_ failure: JobFailure, _ mnemonic: String) -> Bool {
        failure.kind == .permanent && failure.message.contains(mnemonic)
    }
}
