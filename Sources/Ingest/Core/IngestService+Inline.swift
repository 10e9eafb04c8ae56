import Shared

/// The inline fast path for the high-volume notifications (UIS calls, chats and leads): `HTTPServer` runs
/// `inlineRoute` on its event-loop thread, which authenticates, parses and builds the event there and queues it
/// with `JobQueue.enqueueNow`; the reply answers the request from the Redis thread. No task and no continuation:
/// two thread wake-ups per webhook instead of four, and the events queued while the Redis thread was busy are
/// stored by one script call (group commit, `RedisBatchScript`).
///
/// Same contract as `route`: 2xx only after the event is in Redis, 503 when Redis fails, the same metrics. Every
/// case that is not the plain one goes to the async path untouched (return false): settings not cached or due
/// for their version check, anything that would be refused (wrong secret, method, size, unreadable body: the
/// async path answers and keeps the dead letter), and the queue not registered yet by this process.
extension IngestService {
    /// `HTTPServer.InlineHandler` for the ingest: true when it took the request.
    @Sendable public func inlineRoute(_ request: HTTPRequest, _ responder: HTTPResponder) -> Bool {
        let started = ContinuousClock.now
        guard let context = inlineContext(request) else { return false }
        let event: HookEvent
        do {
            switch context.route {
            case .uisCalls: event = try CallHook.event(context)
            case .uisChats, .uisLeads: event = try TextHook.event(context)
            default: return false
            }
        } catch {
            return false
        }
        let metrics = metrics
        let enqueued = try? event.queue.enqueueNow(event.job, payloadJSON: event.payloadJSON, deduplicationKey: event.deduplicationKey,
                                                   ttl: FleetJobs.webhookDeduplicationTTL) { stored in
            let response = context.answer(event, stored: stored)
            metrics.finished(route: context.route.rawValue, status: response.status, seconds: started.secondsSince)
            responder.respond(response)
        }
        return enqueued == true
    }

    /// The authenticated context of a call, chat or lead notification that the async path would accept as far
    /// as the route, the tenant (cached settings only), the secret, the method and the size go; nil otherwise.
    private func inlineContext(_ request: HTTPRequest) -> HookContext? {
        guard request.path.hasPrefix("/hooks/") else { return nil }
        // Split on the UTF-8 bytes: splitting the String walks grapheme clusters, a few percent of a webhook's
        // CPU. (A "/" followed by a combining mark stays one Character for the async path's split; here it
        // separates, and the segment after it then starts with the mark: not a tenant ID, secret or route.)
        let parts = request.path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        // ["", "hooks", tenant, secret, a, b]
        guard parts.count == 6, let route = WebhookRoute(pathSuffix: "\(Substring(parts[4]))/\(Substring(parts[5]))"),
              route == .uisCalls || route == .uisChats || route == .uisLeads else { return nil }
        let tenant = String(Substring(parts[2]))
        guard TenantKeys.isValidTenantID(tenant), let tenantSettings = settings.cached(for: tenant),
              WebhookSecret.matches(presented: String(Substring(parts[3])), expected: tenantSettings.connection.webhookSecret),
              route.allowedMethods.contains(request.method),
              request.body.count <= configuration.maxWebhookBodyBytes else { return nil }
        return HookContext(tenant: tenant, settings: tenantSettings, request: request, route: route, service: self)
    }
}
