/// Contacts: find by phone, read, create, update (reference planfix-api.md §1.5 "Contacts").
extension PlanfixClient {
    /// The fields `findContacts` asks for.
    public static let contactSearchFields = "id,name,midname,lastname,email,phones,supervisors,isCompany"

    /// The search value for a phone: its last `PlanfixAssumptions.phoneSearchDigits` digits.
    public static func phoneSearchValue(_ phone: PhoneNumber) -> String {
        String(phone.digits.suffix(PlanfixAssumptions.phoneSearchDigits))
    }

    /// The `/contact/list` body `findContacts(phone:)` sends.
    public static func contactSearchRequest(_ phone: PhoneNumber) -> PlanfixListRequest {
        PlanfixListRequest(offset: 0, pageSize: PlanfixAssumptions.pageSize, fields: contactSearchFields,
                           filters: [.contactPhone(phoneSearchValue(phone))])
    }

    /// Contacts (and companies) whose phone contains the number's last 10 digits (filter 4003), keeping only
    /// those whose returned phones really end with them (see `PlanfixAssumptions.verifyPhoneMatchClientSide`).
    /// Reads one page of up to 100 results.
    public func findContacts(phone: PhoneNumber, holder: String) async throws -> [PlanfixContact] {
        let (answer, _) = try await post("contact/list", Self.contactSearchRequest(phone), as: PlanfixContactsAnswer.self, holder: holder)
        let contacts = answer.contacts ?? []
        guard PlanfixAssumptions.verifyPhoneMatchClientSide else { return contacts }
        let wanted = Self.phoneSearchValue(phone)
        return contacts.filter { contact in
            guard let phones = contact.phones, !phones.isEmpty else { return true }
            return phones.contains { p in String(p.number.unicodeScalars.filter { $0.properties.numericType != nil && $0.isASCII }).hasSuffix(wanted) }
        }
    }

    /// Contacts whose e-mail is `email` (filter 4005 "contains", then an exact case-insensitive check here; the
    /// reference's exact filter 4026 is not in the spec, see `PlanfixAssumptions.emailSearchFilter`). One page.
    public func findContacts(email: String, holder: String) async throws -> [PlanfixContact] {
        let request = PlanfixListRequest(offset: 0, pageSize: PlanfixAssumptions.pageSize, fields: Self.contactSearchFields,
                                         filters: [.contactEmailContains(email)])
        let (answer, _) = try await post("contact/list", request, as: PlanfixContactsAnswer.self, holder: holder)
        return (answer.contacts ?? []).filter { $0.email?.lowercased() == email.lowercased() }
    }

    /// `GET /contact/{id}?fields=…`.
    public func getContact(id: Int, fields: String = "id,name,midname,lastname,email,phones,supervisors,template",
                           holder: String) async throws -> PlanfixContact {
        try await get("contact/\(id)", query: [("fields", fields)], as: PlanfixContactAnswer.self, holder: holder).contact
    }

    /// `POST /contact/` (201 `{"result":"success","id":N}`). - Returns: the new contact's id.
    public func createContact(_ draft: ContactDraft, holder: String) async throws -> Int {
        let (created, answer) = try await post("contact/", draft, as: PlanfixCreatedAnswer.self, holder: holder)
        return try createdID(created, answer, what: "contact")
    }

    /// `POST /contact/{id}` with only the set fields. `failures` in the answer are returned as warnings.
    /// Whether `phones` replaces or appends is unverified: read, merge, then write.
    public func updateContact(id: Int, _ draft: ContactDraft, silent: Bool = false, holder: String) async throws -> PlanfixUpdateResult {
        let answer = try await send("POST", "contact/\(id)", query: silent ? [("silent", "true")] : [], body: try Self.body(draft), holder: holder)
        return updateResult(answer)
    }

    func createdID(_ created: PlanfixCreatedAnswer, _ answer: RemoteAnswer, what: String) throws -> Int {
        guard let id = created.id.number else {
            throw JobFailure.transient("planfix-rest: created \(what) without a numeric id (HTTP \(answer.status))",
                                       errorClass: "planfix-rest-unexpected-answer")
        }
        return id
    }
}
