import Foundation

/// `call.task` jobs: what the tenant's telephony rules create in Planfix when a call ended.
///
/// Incoming calls: Planfix's telephony already made the contact, so the fleet finds it by phone and, for `task`,
/// creates the task (title from the incoming or lost-call template, object or template, responsible from the
/// rules, the contact as counterparty, the mapped task fields); outgoing calls: `client` makes sure the contact
/// exists, `client_and_order` adds the order (task). Mapped contact fields are written on a primary call, and on
/// repeat calls too when the mapping says "always".
///
/// Exactly once: the task is created through the effect store keyed by the call, with the call's marker in its
/// description, so a replay, a retry or a worker killed between "created" and "recorded" never makes a second
/// task. How it fails: settings the engine refuses or a missing object → dead letter with the reason; Planfix
/// not having created the contact yet → transient (retried); budgets and pauses → deferred.
public struct CallTask: Sendable {
    /// A call's task must outlive a Planfix outage that starts before the breaker opens (its first failures spend
    /// attempts): many attempts, with backoff capped at 2 minutes.
    public static let retryPolicy = RetryPolicy(maxAttempts: 25, baseDelay: .seconds(1), maxDelay: .seconds(120), jitter: true)

    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let effects: EffectStore
    /// Which call created which task, for the deal that task may become (`DealLinks`).
    public let origins: TaskOriginStore
    public let registry: MetricsRegistry

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        directory = EmployeeDirectory(redis: redis)
        effects = EffectStore(redis: redis)
        origins = TaskOriginStore(redis: redis)
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.callTask, payload: CallTaskJob.self, retryPolicy: Self.retryPolicy) { job, context in try await run(job, context: context) }
    }

    public func run(_ job: CallTaskJob, context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id
        let n = job.notification
        // A fresh job waits here rather than between its contact search and its task (see `EffectStore.lossWindow`).
        try await EffectStore.waitOutLossWindow(after: context.job.firstSeenAt)
        let settings = try await clients.tenantSettings(tenant)
        let known = try await directory.knownEmployees(tenant: tenant, settings: settings)
        let decision: FlowDecision
        do {
            decision = try settings.decide(n.ruleEvent, isRepeat: job.isRepeat, isLost: job.isLost, knownEmployees: known)
        } catch {
            throw JobFailure.permanent("the tenant's telephony rules cannot be applied: \(error)", errorClass: "rules")
        }
        guard decision.passes else {
            count("filtered")
            context.logger.info("call.filtered", "the call does not pass the tenant's filter", ["call": String(n.callSessionId)])
            return
        }
        for problem in decision.fieldProblems {
            context.logger.warning("call.field_problem", problem.description, ["call": String(n.callSessionId)])
        }
        let planfix = try await clients.planfix(tenant)
        var contactId: Int?
        if let phone = n.contactNumber?.e164.flatMap({ PhoneNumber(parsing: $0) }) {
            // Found once per call and kept: a retried or re-delivered job spends no request on it again, and every
            // try links (and searches) the same contact.
            let found = "call:\(n.callSessionId):contact"
            contactId = try await effects.recorded(tenant: tenant, key: found).flatMap { Int($0) }
            if contactId == nil {
                contactId = try await planfix.findContacts(phone: phone, holder: holder).first?.id.number
                guard let contactId else {
                    // Planfix's telephony creates the contact on the call's first event; it may not be visible yet.
                    throw JobFailure.transient("Planfix has no contact for \(phone.e164) yet", retryAfter: .seconds(5), errorClass: "contact-pending")
                }
                try await effects.record(tenant: tenant, key: found, value: String(contactId))
            }
        }
        let contactWrites = decision.fieldWrites.filter { $0.target == .contact }
        if let contactId, !contactWrites.isEmpty {
            let values = contactWrites.map { PlanfixCustomFieldValue(field: $0.fieldId, value: $0.value) }
            _ = try await effects.once(tenant: tenant, key: "call:\(n.callSessionId):contact-fields", find: { nil }, create: {
                _ = try await planfix.updateContact(id: contactId, ContactDraft(customFieldData: values), holder: holder)
                return String(contactId)
            })
        }
        guard decision.rule.create.createsTask, let title = decision.taskTitle else {
            count("no-task")
            return
        }
        guard let kind = decision.rule.templateId.map(PlanfixTaskKind.template) ?? decision.rule.objectId.map(PlanfixTaskKind.object) else {
            throw JobFailure.permanent("the telephony rule creates a task but names no object_id or template_id", errorClass: "rules")
        }
        let marker = EffectMarker.call(String(n.callSessionId))
        let counterparty = contactId.map(PlanfixPersonRef.contact)
        let scopeId: Int
        switch kind { case let .template(id), let .object(id): scopeId = id }
        let taskWrites = decision.fieldWrites.filter { $0.target == .task }.map { PlanfixCustomFieldValue(field: $0.fieldId, value: $0.value) }
        // The marker search covers a try that created the task but died before recording it; the effect store asks
        // for it only when a try got as far as the create call (or Redis restarted since the call was first seen).
        let (taskId, created) = try await effects.once(tenant: tenant, key: "call:\(n.callSessionId):task", since: context.job.firstSeenAt, heartbeat: context.consumerHeartbeat,
                                                       note: counterparty?.id ?? "", find: { history in
            try await planfix.findTaskByMarker(marker, scope: .after(history, templateOrObject: scopeId, counterparty: counterparty),
                                         holder: holder)
                .map { $0.id.number.map(String.init) ?? $0.id.raw }
        }, create: {
            let draft = TaskDraft(kind: kind, name: title, description: Self.description(n, isLost: job.isLost, marker: marker),
                                  assignees: decision.responsible.employeeId.map { PlanfixPeople(users: [.user($0)]) },
                                  counterparty: counterparty,
                                  customFieldData: taskWrites.isEmpty ? nil : taskWrites)
            return String(try await planfix.createTask(draft, holder: holder))
        })
        if let id = Int64(taskId) {
            let communication = n.communicationId.flatMap { Int64($0) } ?? n.callSessionId  // DealAssumptions.callCommunicationIdFallsBackToSession
            try await origins.record(tenant: tenant, taskId: id, .call(communication))
        }
        count(created ? "task-created" : "task-existed")
        context.logger.info("call.task", created ? "task created" : "task already existed", ["call": String(n.callSessionId), "task": taskId,
                                                                                                "responsible_reason": decision.responsible.reason.rawValue])
    }

    /// The task's description: what happened, in Russian for the tenant's users, and the fleet's marker last.
    static func description(_ n: CallNotification, isLost: Bool, marker: String) -> String {
        var lines: [String] = []
        lines.append(isLost ? "Потерянный звонок" : (n.direction == .outgoing ? "Исходящий звонок" : "Входящий звонок"))
        if let number = n.contactNumber?.best { lines.append("Номер абонента: \(number)") }
        if let virtual = n.virtualNumber?.best { lines.append("Виртуальный номер: \(virtual)") }
        if let scenario = n.scenarioName { lines.append("Сценарий: \(scenario)") }
        if let employee = n.employeeName { lines.append("Сотрудник: \(employee)") }
        if let talk = n.talkDuration { lines.append("Длительность разговора: \(talk) с") }
        if let link = n.fileLink { lines.append("Запись: \(link)") }
        lines.append(marker)
        return lines.map(Self.escape).joined(separator: "<br>")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    private func count(_ result: String) {
        registry.counter("telephony_call_tasks_total", help: "Calls handled by the task step, by result.", labels: ["result": result]).inc()
    }
}
