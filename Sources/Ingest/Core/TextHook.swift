import Foundation
import Shared

/// UIS chat and lead notifications (`/hooks/<tenant>/<secret>/uis/chats` and `.../uis/leads`, POST JSON or GET)
/// → `chat.event` / `lead.event` jobs on the chats queue, ordered per communication and deduplicated per
/// (communication, event, tag) for 6 hours. Notifications are hints: the chats worker reads the authoritative
/// record from the Data API. The event's own `"event"` literal decides chat or lead, whichever URL it came to.
/// Finished chats and received leads are recorded in the tenant's recent events, best effort.
enum TextHook {
    static func handle(_ context: HookContext) async -> HTTPResponse {
        let event: HookEvent
        do {
            event = try self.event(context)
        } catch {
            return await context.reject("not a chat or lead notification: \(error)", keeping: context.carriedBytes,
                                        in: context.queues.chats, kind: context.route == .uisLeads ? FleetJobs.Kind.leadEvent : FleetJobs.Kind.chatEvent)
        }
        return await context.store(event)
    }

    /// The event a notification makes; throws when the request is not a chat or lead notification.
    static func event(_ context: HookContext) throws -> HookEvent {
        let request = context.request
        let notification = try UISTextNotification.parse(body: Data(request.body), query: request.query)
        let kind = notification.flow == .lead ? FleetJobs.Kind.leadEvent : FleetJobs.Kind.chatEvent
        let job = JobEnvelope(kind: kind, tenant: context.tenant, payload: .null,  // written by the notification itself
                              orderingKey: FleetJobs.orderingKey(tenant: context.tenant, notification.orderingKey))
        let recent = notification.type == .chatFinished || notification.type == .leadReceived ? notification.ruleEvent : nil
        return HookEvent(job: job, payloadJSON: JSONWriter.bytes(of: notification), queue: context.queues.chats,
                         deduplicationKey: "\(context.tenant):\(notification.deduplicationKey)", recent: recent)
    }
}
