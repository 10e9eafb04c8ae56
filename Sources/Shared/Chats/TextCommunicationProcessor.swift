import Foundation

/// What the tenant's rules make in Planfix for one chat or lead, once: the contact (found by phone, e-mail,
/// username or a linked visitor, else created from the contact-name template), the task (title template, object
/// or task template, responsible, the contact as counterparty, description with the chat link or the lead's
/// text, mapped fields), and, once the chat has ended, its transcript as task comments.
///
/// Exactly once: every create goes through the effect store keyed by the communication id (a lead and its
/// `offline_message` chat share it), with the communication's marker in the task description, so replays,
/// retries, duplicate notifications, polls and a worker killed mid-way never make a second contact or task.
/// Primary or repeat is decided once, before the fleet's own contact exists, and kept in
/// `TextCommunicationState`. How it fails: settings the engine refuses, or a task rule without object/template →
/// dead letter with the reason; another job on the same communication → deferred; remote failures as the guard
/// classifies them.
public struct TextCommunicationProcessor: Sendable {
    /// Like call tasks: a communication must outlive a Planfix outage that starts before the breaker opens.
    public static let retryPolicy = RetryPolicy(maxAttempts: 25, baseDelay: .seconds(1), maxDelay: .seconds(120), jitter: true)

    public enum Result: String, Sendable {
        case waiting, disabled, filtered, processed, transcriptAdded = "transcript_added", alreadyFinished = "already_finished"
        case skippedWithoutContactData = "skipped_without_contact_data"
    }

    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let effects: EffectStore
    public let states: TextCommunicationStateStore
    public let links: ContactLinkStore
    /// Which chat or lead created a task, for the deals flow's `communication_id` (TaskOrigin).
    public let origins: TaskOriginStore
    public let registry: MetricsRegistry

    public init(clients: TenantClients, redis: RedisClient, registry: MetricsRegistry = .shared) {
        self.clients = clients
        directory = EmployeeDirectory(redis: redis)
        effects = EffectStore(redis: redis)
        states = TextCommunicationStateStore(redis: redis)
        links = ContactLinkStore(redis: redis)
        origins = TaskOriginStore(redis: redis)
        self.registry = registry
    }

    /// Processes the communication under its lock. - Returns: what happened (also counted in the metrics).
    @discardableResult
    public func process(_ communication: TextCommunication, context: JobContext) async throws -> Result {
        let tenant = context.job.tenant, id = communication.communicationId
        guard try await states.lock(tenant: tenant, communicationId: id, holder: context.job.id) else {
            throw JobFailure.deferred("another job is processing communication \(id)", by: .seconds(2), errorClass: "communication-busy")
        }
        let result: Result
        do {
            result = try await run(communication, context: context)
        } catch {
            try? await states.unlock(tenant: tenant, communicationId: id, holder: context.job.id)
            throw error
        }
        try await states.unlock(tenant: tenant, communicationId: id, holder: context.job.id)
        count(communication.flow, result)
        context.logger.info("text.\(result.rawValue)", "communication \(result.rawValue)",
                            ["communication": String(id), "flow": communication.flow.rawValue])
        return result
    }

    func run(_ input: TextCommunication, context: JobContext) async throws -> Result {
        let tenant = context.job.tenant, holder = context.job.id, id = input.communicationId
        var state = try await states.load(tenant: tenant, communicationId: id) ?? TextCommunicationState()
        if state.isFinished(input) { return .alreadyFinished }
        let settings = try await clients.tenantSettings(tenant)
        var c = input
        let decidedBefore = state.outcome != nil
        if !decidedBefore {
            guard settings.flowSettings(c.flow.ruleFlow).enabled else { return .disabled }
            if ChatTriggerDecision.decide(settings.chats.trigger, c) == .wait { return .waiting }
            c = try await TextCommunicationReader(uis: try await clients.uisData(tenant)).enriched(c, holder: holder)
            if c.flow == .chat, !c.hasContactData, !settings.chats.passWithoutContactData {
                state.outcome = .skippedWithoutContactData
                try await states.save(tenant: tenant, communicationId: id, state)
                return .skippedWithoutContactData
            }
            try await createEntities(c, settings: settings, state: &state, context: context)
            if state.outcome != .processed { return .filtered }
        }
        guard c.flow == .chat, let taskId = state.taskId, c.isEnded, !state.transcriptAdded else {
            return decidedBefore ? .waiting : .processed  // tasked earlier, the transcript waits for the end
        }
        try await addTranscript(c, taskId: taskId, context: context)
        state.transcriptAdded = true
        try await states.save(tenant: tenant, communicationId: id, state)
        return .transcriptAdded
    }

    /// Decides primary/repeat (once), applies the rules, and makes the contact and the task.
    func createEntities(_ c: TextCommunication, settings: TenantSettings, state: inout TextCommunicationState,
                        context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id, id = c.communicationId
        let planfix = try await clients.planfix(tenant)
        let steps = ContactMatchPlan.steps(for: c)
        let since = min(state.firstSeenAt ?? context.job.firstSeenAt, context.job.firstSeenAt)
        state.firstSeenAt = since
        if state.isRepeat == nil {
            let matched = try await match(steps, planfix: planfix, tenant: tenant, holder: holder)
            state.isRepeat = matched != nil
            state.matchedContactId = matched
            try await states.save(tenant: tenant, communicationId: id, state)
        }
        let known = try await directory.knownEmployees(tenant: tenant, settings: settings)
        let decision: FlowDecision
        do {
            decision = try settings.decide(c.ruleEvent, isRepeat: state.isRepeat ?? false, knownEmployees: known)
        } catch {
            throw JobFailure.permanent("the tenant's \(c.flow.rawValue) rules cannot be applied: \(error)", errorClass: "rules")
        }
        guard decision.passes else {
            state.outcome = .filtered
            try await states.save(tenant: tenant, communicationId: id, state)
            return
        }
        for problem in decision.fieldProblems {
            context.logger.warning("text.field_problem", problem.description, ["communication": String(id)])
        }
        let contactWrites = decision.fieldWrites.filter { $0.target == .contact }.map { PlanfixCustomFieldValue(field: $0.fieldId, value: $0.value) }
        var contactId = state.matchedContactId
        if decision.rule.create.createsContact {
            if let existing = contactId {
                if !contactWrites.isEmpty {
                    _ = try await effects.once(tenant: tenant, key: "\(c.effectKey):contact-fields", find: { nil }, create: {
                        _ = try await planfix.updateContact(id: existing, ContactDraft(customFieldData: contactWrites), holder: holder)
                        return String(existing)
                    })
                }
            } else {
                let draft = contactDraft(c, name: decision.contactName, responsible: decision.responsible.employeeId, fields: contactWrites)
                let (made, _) = try await effects.once(tenant: tenant, key: "\(c.effectKey):contact", since: since,
                                                       jobSeenAt: context.job.firstSeenAt, heartbeat: context.consumerHeartbeat, find: { _ in
                    try await match(steps.filter { if case .phone = $0 { return true }; if case .email = $0 { return true }; return false },
                                           planfix: planfix, tenant: tenant, holder: holder).map(String.init)
                }, create: {
                    String(try await planfix.createContact(draft, holder: holder))
                })
                contactId = Int(made)
            }
            if let contactId { try await links.link(steps, to: contactId, tenant: tenant) }
        }
        state.contactId = contactId
        if decision.rule.create.createsTask, let title = decision.taskTitle {
            guard let kind = decision.rule.templateId.map(PlanfixTaskKind.template) ?? decision.rule.objectId.map(PlanfixTaskKind.object) else {
                throw JobFailure.permanent("the \(c.flow.rawValue) rule creates a task but names no object_id or template_id", errorClass: "rules")
            }
            let scopeId: Int
            switch kind { case let .template(x), let .object(x): scopeId = x }
            let marker = c.flow == .lead ? EffectMarker.lead(String(id)) : EffectMarker.chat(String(id))
            let counterparty = contactId.map(PlanfixPersonRef.contact)
            let taskWrites = decision.fieldWrites.filter { $0.target == .task }.map { PlanfixCustomFieldValue(field: $0.fieldId, value: $0.value) }
            let (taskId, _) = try await effects.once(tenant: tenant, key: "\(c.effectKey):task", since: since,
                                                     jobSeenAt: context.job.firstSeenAt, heartbeat: context.consumerHeartbeat,
                                                     note: counterparty?.id ?? "", find: { history in
                try await planfix.findTaskByMarker(marker, scope: .after(history, templateOrObject: scopeId, counterparty: counterparty),
                                                   holder: holder)
                    .map { $0.id.number.map(String.init) ?? $0.id.raw }
            }, create: {
                let draft = TaskDraft(kind: kind, name: title, description: TextTaskDescription.html(c, marker: marker),
                                      assignees: decision.responsible.employeeId.map { PlanfixPeople(users: [.user($0)]) },
                                      counterparty: counterparty,
                                      customFieldData: taskWrites.isEmpty ? nil : taskWrites)
                return String(try await planfix.createTask(draft, holder: holder))
            })
            state.taskId = Int(taskId)
            if let task = Int64(taskId) {
                try await origins.record(tenant: tenant, taskId: task, c.flow == .lead ? .lead(c.communicationId) : .chat(c.communicationId))
            }
        }
        state.outcome = .processed
        try await states.save(tenant: tenant, communicationId: id, state)
    }

    /// The first contact found by the plan's steps, in order (Planfix searches for phone and e-mail, the fleet's
    /// links for the rest).
    func match(_ steps: [ContactMatchStep], planfix: PlanfixClient, tenant: String, holder: String) async throws -> Int? {
        for step in steps {
            switch step {
            case let .phone(phone):
                if let hit = try await planfix.findContacts(phone: phone, holder: holder).first?.id.number { return hit }
            case let .email(email):
                if let hit = try await planfix.findContacts(email: email, holder: holder).first?.id.number { return hit }
            case .username, .visitor, .person:
                if let hit = try await links.contact(for: step, tenant: tenant) { return hit }
            }
        }
        return nil
    }

    func contactDraft(_ c: TextCommunication, name: String?, responsible: Int?, fields: [PlanfixCustomFieldValue]) -> ContactDraft {
        let fallback = c.flow == .lead ? TemplateSlot.leadContactName.fallbackText : TemplateSlot.chatContactName.fallbackText
        var draft = ContactDraft(name: name ?? fallback, email: c.email.flatMap { $0.contains("@") ? $0 : nil },
                                 description: (c.flow == .lead ? "Заявка" : "Чат") + " из UIS, обращение \(c.communicationId)",
                                 phones: c.phone?.e164.map { [PlanfixPhone(number: $0)] },
                                 supervisors: responsible.map { PlanfixPeople(users: [.user($0)]) },
                                 customFieldData: fields.isEmpty ? nil : fields)
        if let username = c.username, c.chatChannelType?.lowercased().hasPrefix("telegram") == true {
            draft.telegram = username.hasPrefix("@") ? username : "@" + username
        }
        return draft
    }

    func addTranscript(_ c: TextCommunication, taskId: Int, context: JobContext) async throws {
        let tenant = context.job.tenant, holder = context.job.id
        let reader = TextCommunicationReader(uis: try await clients.uisData(tenant))
        let messages = try await reader.messages(chatId: Int(c.recordId), holder: holder)
        let planfix = try await clients.planfix(tenant)
        for (index, text) in ChatTranscript.comments(messages, chatId: Int(c.recordId)).enumerated() {
            _ = try await effects.once(tenant: tenant, key: "\(c.effectKey):transcript:\(index)", find: { nil }, create: {
                String(try await planfix.addTaskComment(taskId: taskId, description: text, holder: holder))
            })
        }
    }

    func count(_ flow: UISTextFlow, _ result: Result) {
        registry.counter("chats_communications_total", help: "Chats and leads handled by the chats worker, by flow and result.",
                         labels: ["flow": flow.rawValue, "result": result.rawValue]).inc()
    }
}
