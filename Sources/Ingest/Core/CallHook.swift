import Foundation
import Shared

/// UIS call notifications (`/hooks/<tenant>/<secret>/uis/calls`, POST JSON or GET query) → `call.event` jobs on
/// the telephony queue, ordered per call and deduplicated per (call, event, employee leg) for 6 hours.
///
/// Finished and lost calls are also recorded in the tenant's recent events (dry runs and previews), best effort.
enum CallHook {
    static func handle(_ context: HookContext) async -> HTTPResponse {
        let request = context.request
        let notification: CallNotification
        do {
            notification = try UISCallNotification.parse(body: Data(request.body), query: request.query)
        } catch {
            return await context.reject("not a call notification: \(error)", keeping: context.carriedBytes, in: context.queues.telephony,
                                        kind: FleetJobs.Kind.callEvent)
        }
        let job = JobEnvelope(kind: FleetJobs.Kind.callEvent, tenant: context.tenant, payload: notification.jsonValue,
                              orderingKey: FleetJobs.orderingKey(tenant: context.tenant, notification.orderingKey))
        let (response, stored) = await context.store(job, in: context.queues.telephony,
                                                     deduplicationKey: "\(context.tenant):\(notification.deduplicationKey)")
        if stored, notification.type == .callFinished || notification.type == .lostCall {
            context.recordRecent(notification.ruleEvent, isLost: notification.type == .lostCall)
        }
        return response
    }
}
