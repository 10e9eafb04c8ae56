import Foundation
import Shared

/// Planfix's «Адрес АТС» (`/hooks/<tenant>/<secret>/planfix/telephony`): form-encoded POSTs with `cmd` and our
/// PBX key in `token` (planfix-api.md §2.4).
///
/// - `cmd=makeCall&from=<extension>&to=<phone>&token=…` → 200 with an empty body once a `call.make` job is
///   stored (real time: it expires after `FleetJobs.makeCallDeadline`; the same click within
///   `FleetJobs.makeCallRepeatWindow` rings once).
/// - `cmd=setup&token=…&planfix_token=…&planfix_url=…` → stores Planfix's telephony URL and token in the
///   tenant's settings (a new settings version), 200.
/// Wrong or missing `token` → 401 `{"error":"Invalid token"}`; missing fields → 400 `{"error":"Invalid parameters"}`
/// (the texts Planfix's doc uses). Planfix shows our error text to its user, so it stays short and secret-free.
enum PlanfixTelephonyHook {
    static let invalidToken = HookReply.error(401, "Invalid token")

    static func handle(_ context: HookContext) async -> HTTPResponse {
        let fields = FormFields.parse(context.request.body)
        func field(_ name: String) -> String? {
            FormFields.value(name, in: fields).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard WebhookSecret.matches(presented: field("token") ?? "", expected: context.settings.connection.pbxKey) else {
            context.metrics.rejected(route: context.route.rawValue, reason: "bad_token")
            context.logger.warning("hook.bad_token", "Planfix telephony command with a wrong or missing PBX key")
            return invalidToken
        }
        switch field("cmd") {
        case "makeCall":
            guard let from = field("from"), let to = field("to") else {
                return await invalid(context, "makeCall without from or to", fields)
            }
            guard from.count <= 32, to.count <= 64, PhoneNumber(parsing: to) != nil || to.allSatisfy(\.isNumber) else {
                return await invalid(context, "makeCall with an unreadable number", fields)
            }
            return await makeCall(context, from: from, to: to)
        case "setup":
            guard let url = field("planfix_url"), let token = field("planfix_token") else {
                return await invalid(context, "setup without planfix_url or planfix_token", fields)
            }
            guard let parsed = URL(string: url), ["https", "http"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                return await invalid(context, "setup with an unreadable planfix_url", fields)
            }
            return await setup(context, url: url, token: token)
        default:
            return await invalid(context, "unknown or missing cmd", fields)
        }
    }

    private static func makeCall(_ context: HookContext, from: String, to: String) async -> HTTPResponse {
        let now = WallClock.epochMillis()
        let payload = MakeCallJob(fromExtension: from, to: to, requestedAt: now)
        guard let value = try? JSONValue(encoding: payload) else { return HookReply.storageUnavailable }
        let job = JobEnvelope(kind: FleetJobs.Kind.makeCall, tenant: context.tenant, payload: value, now: now,
                              deadline: now + FleetJobs.makeCallDeadline.milliseconds)
        let key = "\(context.tenant):makecall:\(from):\(payload.toE164 ?? to)"
        return await context.store(job, in: context.queues.telephony, deduplicationKey: key, ttl: FleetJobs.makeCallRepeatWindow) { _ in
            HTTPResponse(status: 200)
        }
    }

    /// Writes Planfix's URL and token into the stored settings document, retrying on a concurrent change.
    private static func setup(_ context: HookContext, url: String, token: String) async -> HTTPResponse {
        let store = TenantDocumentStore(redis: context.service.redis)
        for _ in 0..<3 {
            do {
                guard let stored = try await store.get(context.tenant),
                      case var .success(settings) = TenantSettings.parse(Data(stored.document)) else {
                    return HookReply.error(409, "the tenant's settings cannot be updated; ask the operator")
                }
                settings.connection.planfixTelephonyURL = url
                settings.connection.planfixTelephonyToken = token
                if case .failure = TenantSettings.parse(settings.json) {
                    return HookReply.error(400, "Invalid parameters")
                }
                let document = Array(try JSONEncoder().encode(settings.json))
                let version = try await store.put(context.tenant, document: document, expectedVersion: stored.version)
                SecretRedactor.shared.register(token)
                context.logger.info("hook.setup", "Planfix telephony URL and token stored", ["version": String(version)])
                return .json(Array("{}".utf8))
            } catch let error as QueueError where error.isConflict {
                continue
            } catch {
                context.metrics.rejected(route: context.route.rawValue, reason: "redis_unavailable")
                context.logger.warning("hook.setup_failed", "setup not stored: \(error)")
                return HookReply.storageUnavailable
            }
        }
        return HookReply.storageUnavailable
    }

    /// 400 "Invalid parameters", keeping what was sent without the two tokens.
    private static func invalid(_ context: HookContext, _ reason: String, _ fields: [(name: String, value: String)]) async -> HTTPResponse {
        let kept = fields.map { field in
            SecretRedactor.isSensitiveKey(field.name) ? "\(field.name)=***" : "\(field.name)=\(field.value)"
        }.joined(separator: "&")
        return await context.reject(reason, keeping: Array(kept.utf8), in: context.queues.telephony, kind: FleetJobs.Kind.makeCall,
                                    response: HookReply.error(400, "Invalid parameters"))
    }
}
