import Foundation
import Shared

/// UIS call notifications (`/hooks/<tenant>/<secret>/uis/calls`, POST JSON or GET query) → `call.event` jobs on
/// the telephony queue, ordered per call and deduplicated per (call, event, employee leg) for 6 hours.
///
/// Finished calls reach the tenant's recent events (dry runs and previews) through the telephony worker, which
/// knows the whole call; the webhook's answer waits for one Redis script only.
enum CallHook {
    static func handle(_ context: HookContext) async -> HTTPResponse {
        let event: HookEvent
        do {
            event = try self.event(context)
        } catch {
            return await context.reject("not a call notification: \(error)", keeping: context.carriedBytes, in: context.queues.telephony,
                                        kind: FleetJobs.Kind.callEvent)
        }
        return await context.store(event)
    }

    /// The event a notification makes; throws when the request is not a call notification.
    static func event(_ context: HookContext) throws -> HookEvent {
        let request = context.request
        let notification = try UISCallNotification.parse(body: Data(request.body), query: request.query)
        let job = JobEnvelope(kind: FleetJobs.Kind.callEvent, tenant: context.tenant, payload: .null,  // written by the notification itself
                              orderingKey: FleetJobs.orderingKey(tenant: context.tenant, notification.orderingKey))
        return HookEvent(job: job, payloadJSON: JSONWriter.bytes(of: notification), queue: context.queues.telephony,
                         deduplicationKey: "\(context.tenant):\(notification.deduplicationKey)")
    }
}
