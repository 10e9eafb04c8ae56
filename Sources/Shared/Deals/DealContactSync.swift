import Foundation

/// Keeps a deal's counterparty, as a UIS deal contact, as it is in Planfix: UIS finds a deal's calls, chats and
/// leads by the contact's phones and e-mails (uis-chats-leads-deals.md §3.5), so a phone added in Planfix must
/// reach UIS too.
///
/// Each deal job that links through a contact reads it from Planfix (one request) and compares what UIS would
/// get (name, E.164 phones, e-mails) with the fingerprint of what was last sent (`TenantKeys.dealContactSent`):
/// a new contact is created (`create.deal_contacts`), a changed one updated (`update.deal_contacts`, whose lists
/// replace UIS's), an unchanged one is not sent. So a change made in Planfix reaches UIS with the deal's next change.
///
/// How it fails: a contact UIS already has on create (`duplicate_entity`, e.g. sent before its fingerprint was
/// kept) is updated instead; a contact UIS does not have on update (`entity_not_found`) is created
/// (`DealAssumptions.contactCreateOrUpdate`); a contact Planfix no longer gives out that UIS already has keeps
/// linking the deal as sent (logged); everything else goes through the guard like every call.
struct DealContactSync: Sendable {
    let store: DealStateStore
    let registry: MetricsRegistry

    /// Makes UIS's contact match the Planfix contact. - Returns: the contact's UIS ext id.
    func sync(contactId: Int, tenant: String, planfix: PlanfixClient, uis: UISDataClient, holder: String, logger: Logger) async throws -> String {
        let ext = "planfix-contact-\(contactId)"
        let sent = try await store.sentContact(tenant: tenant, contactId: contactId)
        let contact: PlanfixContact
        do {
            contact = try await planfix.getContact(id: contactId, holder: holder)
        } catch let failure as JobFailure where failure.kind == .permanent && sent != nil {
            logger.warning("deal.contact_unreadable", "Planfix refused contact \(contactId); the deal links to it as last sent to UIS: \(failure.message)",
                           ["contact": String(contactId)])
            return ext
        }
        let desired = DealLinks.dealContact(contact, extId: ext)
        let fingerprint = try Self.fingerprint(desired)
        if sent == fingerprint { return ext }
        if sent == nil {
            do {
                try await uis.createDealContacts([desired], holder: holder)
                count("created")
            } catch let failure as JobFailure where DealFunnelSync.refused(failure, "duplicate_entity") {
                try await uis.updateDealContact(desired, holder: holder)
                count("updated")
            }
        } else {
            do {
                try await uis.updateDealContact(desired, holder: holder)
                count("updated")
            } catch let failure as JobFailure where DealFunnelSync.refused(failure, "entity_not_found") {
                try await uis.createDealContacts([desired], holder: holder)
                count("created")
            }
        }
        try await store.recordSentContact(tenant: tenant, contactId: contactId, fingerprint: fingerprint)
        logger.info("deal.contact_sent", "UIS has the deal contact as Planfix has it", ["contact": String(contactId), "created": String(sent == nil)])
        return ext
    }

    /// What UIS keeps of a contact (name, phones, e-mails) as one comparable text.
    static func fingerprint(_ contact: UISDealContact) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(UISDealContactUpdateParams(contact)), as: UTF8.self)
    }

    private func count(_ action: String) {
        registry.counter("deals_contacts_sent_total", help: "Deal contacts sent to UIS, created or updated.", labels: ["action": action]).inc()
    }
}
