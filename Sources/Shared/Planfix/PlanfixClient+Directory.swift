/// Employees, custom fields, templates, objects and statuses: the account structure tenants map in their
/// settings (reference planfix-api.md §1.5 "Employees", "Custom fields, templates, objects, statuses").
extension PlanfixClient {
    public enum CustomFieldOwner: String, Sendable { case task, contact, user }

    /// Every employee, reading `/user/list` page by page until a short page.
    public func listUsers(onlyActive: Bool = true, holder: String) async throws -> [PlanfixUser] {
        try await allPages { offset in
            let request = PlanfixListRequest(offset: offset, pageSize: PlanfixAssumptions.pageSize, fields: PlanfixAssumptions.userFields,
                                             onlyActive: onlyActive)
            return try await post("user/list", request, as: PlanfixUsersAnswer.self, holder: holder).0.users ?? []
        }
    }

    /// One page of `/user/list` (an employee sync checkpoints between pages); a page shorter than
    /// `PlanfixAssumptions.pageSize` is the last.
    public func listUsersPage(offset: Int, onlyActive: Bool = true, holder: String) async throws -> [PlanfixUser] {
        let request = PlanfixListRequest(offset: offset, pageSize: PlanfixAssumptions.pageSize, fields: PlanfixAssumptions.userFields,
                                         onlyActive: onlyActive)
        return try await post("user/list", request, as: PlanfixUsersAnswer.self, holder: holder).0.users ?? []
    }

    /// Employees whose «Короткий номер» is `ext` (filter 9004).
    public func findUsers(extension ext: String, holder: String) async throws -> [PlanfixUser] {
        let request = PlanfixListRequest(offset: 0, pageSize: PlanfixAssumptions.pageSize, fields: PlanfixAssumptions.userFields,
                                         filters: [.userExtension(ext)])
        return try await post("user/list", request, as: PlanfixUsersAnswer.self, holder: holder).0.users ?? []
    }

    /// `GET /customfield/{task|contact|user}`.
    public func customFields(of owner: CustomFieldOwner, holder: String) async throws -> [PlanfixCustomField] {
        try await get("customfield/\(owner.rawValue)", query: [("fields", "id,name,type,objectType,groupId,directoryId,enumValues")],
                      as: PlanfixCustomFieldsAnswer.self, holder: holder).customfields ?? []
    }

    /// Every task template (`GET /task/templates`, paged by query parameters).
    public func taskTemplates(holder: String) async throws -> [PlanfixNamedEntity] {
        try await allPages { offset in
            try await get("task/templates", query: [("offset", String(offset)), ("pageSize", String(PlanfixAssumptions.pageSize)), ("fields", "id,name")],
                          as: PlanfixTemplatesAnswer.self, holder: holder).templates ?? []
        }
    }

    /// Every contact (or company) template.
    public func contactTemplates(isCompany: Bool = false, holder: String) async throws -> [PlanfixNamedEntity] {
        try await allPages { offset in
            try await get("contact/templates", query: [("offset", String(offset)), ("pageSize", String(PlanfixAssumptions.pageSize)),
                                                       ("isCompany", isCompany ? "true" : "false"), ("fields", "id,name")],
                          as: PlanfixTemplatesAnswer.self, holder: holder).templates ?? []
        }
    }

    /// Every Planfix object (task kind) via `POST /object/list`.
    public func objects(holder: String) async throws -> [PlanfixNamedEntity] {
        try await allPages { offset in
            try await post("object/list", PlanfixPageRequest(offset: offset, pageSize: PlanfixAssumptions.pageSize),
                           as: PlanfixObjectsAnswer.self, holder: holder).0.objects ?? []
        }
    }

    /// `GET /object/{id}/statuses`: the statuses tasks of that object can take (ids are per account).
    public func objectStatuses(objectId: Int, holder: String) async throws -> [PlanfixStatus] {
        try await get("object/\(objectId)/statuses", query: [("fields", "id,name,color,isActive")], as: PlanfixStatusesAnswer.self,
                      holder: holder).statuses ?? []
    }

    /// `GET /process/task/{id}/statuses`.
    public func processStatuses(processId: Int, holder: String) async throws -> [PlanfixStatus] {
        try await get("process/task/\(processId)/statuses", query: [("fields", "id,name,color,isActive")], as: PlanfixStatusesAnswer.self,
                      holder: holder).statuses ?? []
    }
}

/// The `/object/list` body: only `offset` and `pageSize`.
public struct PlanfixPageRequest: Sendable, Equatable, Codable {
    public var offset: Int
    public var pageSize: Int
}
