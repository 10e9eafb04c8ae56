/// Tasks and task comments (reference planfix-api.md §1.5 "Tasks", "Comments").
extension PlanfixClient {
    /// Where `findTaskByMarker` looks (see `PlanfixAssumptions.markerLookbackDays`).
    public enum MarkerScope: Sendable, Equatable {
        /// Tasks of this template or object created recently; the marker is matched in the description. With a
        /// counterparty, only that contact's tasks are listed (usually one page instead of all the tenant's).
        case recentTasks(templateOrObject: Int, days: Int = PlanfixAssumptions.markerLookbackDays, counterparty: PlanfixPersonRef? = nil)
        /// A Line custom field holding exactly the marker (filter 101): one exact server-side query.
        case customField(id: Int)

        /// Where to look for a task an earlier try may have created (`EffectStore.once`): the counterparty's tasks
        /// only, when the try kept one with its intent (the note is its `PlanfixPersonRef` id, "" for none). When the
        /// intent may have been lost (`.unknown`), the counterparty this try would use: found again the same way
        /// (by the client's phone), it is the one the lost try used. Otherwise all recent tasks of the template or
        /// object.
        public static func after(_ history: EffectHistory, templateOrObject id: Int, counterparty: PlanfixPersonRef? = nil) -> MarkerScope {
            switch history {
            case let .attempted(note) where !note.isEmpty: .recentTasks(templateOrObject: id, counterparty: PlanfixPersonRef(id: note))
            case .attempted: .recentTasks(templateOrObject: id)
            case .unknown: .recentTasks(templateOrObject: id, counterparty: counterparty)
            }
        }
    }

    public static let taskFields = "id,name,description,status,processId,template,object,assigner,assignees,counterparty"

    /// `POST /task/` by template or object. - Returns: the new task's id.
    public func createTask(_ draft: TaskDraft, holder: String) async throws -> Int {
        let (created, answer) = try await post("task/", draft, as: PlanfixCreatedAnswer.self, holder: holder)
        return try createdID(created, answer, what: "task")
    }

    /// `GET /task/{id}?fields=…`; add custom field ids to `fields` to read them (`PlanfixTask.customField(_:)`).
    public func getTask(id: Int, fields: String = PlanfixClient.taskFields, holder: String) async throws -> PlanfixTask {
        try await get("task/\(id)", query: [("fields", fields)], as: PlanfixTaskAnswer.self, holder: holder).task
    }

    /// `POST /task/{id}`: 200 (applied, maybe with `failures` warnings) or 202 (queued).
    public func updateTask(id: Int, _ update: TaskUpdate, silent: Bool = false, holder: String) async throws -> PlanfixUpdateResult {
        let answer = try await send("POST", "task/\(id)", query: silent ? [("silent", "true")] : [], body: try Self.body(update), holder: holder)
        return updateResult(answer)
    }

    /// One page of `POST /task/list` (filters are ANDed).
    public func findTasks(filters: [PlanfixFilter], fields: String = PlanfixClient.taskFields, offset: Int = 0,
                          pageSize: Int = PlanfixAssumptions.pageSize, holder: String) async throws -> [PlanfixTask] {
        let request = PlanfixListRequest(offset: offset, pageSize: pageSize, fields: fields, filters: filters)
        return try await post("task/list", request, as: PlanfixTasksAnswer.self, holder: holder).0.tasks ?? []
    }

    /// The first-page request `findTaskByMarker` sends for `scope`.
    public static func markerSearchRequest(_ marker: String, scope: MarkerScope, offset: Int = 0) -> PlanfixListRequest {
        switch scope {
        case let .recentTasks(id, days, counterparty):
            return PlanfixListRequest(offset: offset, pageSize: PlanfixAssumptions.pageSize, fields: "id,name,description,status",
                                      filters: [.taskTemplateOrObject(id), .taskCreatedInLast(days: days)] + (counterparty.map { [.taskCounterparty($0)] } ?? []))
        case let .customField(id):
            return PlanfixListRequest(offset: offset, pageSize: PlanfixAssumptions.pageSize, fields: "id,name,description,status",
                                      filters: [.taskStringField(id, equals: marker)])
        }
    }

    /// Finds the task carrying the fleet's marker (e.g. `[uis:call:123]`), for the effect store's
    /// lookup-before-create. Matching is on the description (HTML-escaped forms of `[`/`]` are not produced by
    /// Planfix for plain text). Costs up to `PlanfixAssumptions.markerMaxPages` requests.
    public func findTaskByMarker(_ marker: String, scope: MarkerScope, holder: String) async throws -> PlanfixTask? {
        for page in 0..<PlanfixAssumptions.markerMaxPages {
            let request = Self.markerSearchRequest(marker, scope: scope, offset: page * PlanfixAssumptions.pageSize)
            let tasks = try await post("task/list", request, as: PlanfixTasksAnswer.self, holder: holder).0.tasks ?? []
            if let hit = tasks.first(where: { ($0.description ?? "").contains(marker) || ($0.name ?? "").contains(marker) }) { return hit }
            if case .customField = scope, let first = tasks.first { return first }
            if tasks.count < PlanfixAssumptions.pageSize { break }
        }
        return nil
    }

    /// `POST /task/{id}/comments/`. - Returns: the comment id.
    public func addTaskComment(taskId: Int, description: String, recipients: PlanfixRecipients? = nil, holder: String) async throws -> Int {
        try await addTaskComment(taskId: taskId, CommentDraft(description: description, recipients: recipients), holder: holder)
    }

    public func addTaskComment(taskId: Int, _ comment: CommentDraft, holder: String) async throws -> Int {
        let (created, answer) = try await post("task/\(taskId)/comments/", comment, as: PlanfixCreatedAnswer.self, holder: holder)
        return try createdID(created, answer, what: "comment")
    }
}
