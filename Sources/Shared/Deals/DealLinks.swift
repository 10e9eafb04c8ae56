import Foundation

/// Who and what a deal is linked to in UIS: the communication that created its task, else the counterparty as
/// a UIS deal contact (phones and e-mails, so UIS finds the contact's calls, chats and leads itself), and the
/// first assignee as a UIS deal employee (uis-chats-leads-deals.md §3.3–3.5).
///
/// A contact is kept as Planfix has it (`DealContactSync`: created, and sent again when its name, phones or
/// e-mails change). Employees are created once per tenant through the effect store (`deal-employee:<id>`); a
/// `duplicate_entity` answer means UIS already has it.
struct DealLinks: Sendable {
    let origins: TaskOriginStore
    let effects: EffectStore
    let contacts: DealContactSync

    func apply(to record: inout UISDealRecord, task: PlanfixTask, taskId: Int64, tenant: String, planfix: PlanfixClient,
               uis: UISDataClient, holder: String, logger: Logger) async throws {
        if let origin = try await origins.origin(tenant: tenant, taskId: taskId), let id = Int(exactly: origin.communicationId) {
            record.communicationId = id
            record.communicationType = origin.type
        } else if let party = task.counterparty, (party.id.prefix ?? "contact") == "contact", let contactId = party.id.number {
            let ext = try await contacts.sync(contactId: contactId, tenant: tenant, planfix: planfix, uis: uis, holder: holder, logger: logger)
            record.contactExtIds = [ext]
            record.mainContactExtId = ext
        }
        if let user = task.assignees?.users?.first(where: { $0.id.prefix == "user" || $0.id.prefix == nil }), let userId = user.id.number {
            let ext = "planfix-user-\(userId)"
            let name = (user.name ?? "").trimmingCharacters(in: .whitespaces)
            _ = try await effects.once(tenant: tenant, key: "deal-employee:\(userId)", find: { nil }, create: {
                try await Self.existingIsFine {
                    try await uis.createDealEmployees(extId: ext, name: name.isEmpty ? "Сотрудник \(userId)" : name, holder: holder)
                }
                return ext
            })
            record.employeeExtId = ext
        }
    }

    /// The UIS deal contact for a Planfix contact: E.164 phones (digits, unique) and its e-mail.
    static func dealContact(_ contact: PlanfixContact, extId: String) -> UISDealContact {
        var phones: [String] = []
        for phone in contact.phones ?? [] {
            if let digits = PhoneNumber(parsing: phone.number)?.digits, !phones.contains(digits) { phones.append(digits) }
        }
        let email = (contact.email ?? "").trimmingCharacters(in: .whitespaces)
        let name = contact.fullName.isEmpty ? "Контакт \(contact.id.number.map(String.init) ?? contact.id.raw)" : contact.fullName
        return UISDealContact(extId: extId, name: name, phoneNumbers: phones.isEmpty ? nil : phones, emails: email.isEmpty ? nil : [email])
    }

    private static func existingIsFine(_ create: () async throws -> Void) async throws {
        do { try await create() } catch let failure as JobFailure where DealFunnelSync.refused(failure, "duplicate_entity") {}
    }
}
