/// Every guess the Planfix clients make where the reference (`planfix-api.md`) says "unverified" or the spec
/// contradicts itself, in one place so it is easy to correct after checking a live account.
public enum PlanfixAssumptions {
    /// §1.5 "Search contacts": filter 4003 matches "contains"; searching the last 10 digits lets `+7…`, `8…`
    /// and `7…` spellings all match. Unverified whether Planfix ignores spaces/brackets/dashes in stored numbers.
    public static let phoneSearchDigits = 10

    /// §1.5: because 4003 is "contains", a result may merely contain the digits. Contacts whose returned phones
    /// (digits only) do not end with the searched digits are dropped; contacts returned without phones are kept.
    public static let verifyPhoneMatchClientSide = true

    /// §1.5 contact filters: the reference lists 4026 "e-mail (exact)", but the OpenAPI enum of
    /// `ComplexContactFilter.type` has only 4005 "Contact part of email". The fleet sends 4005 and keeps the
    /// contacts whose returned `email` equals the searched one (case-insensitive); secondary e-mails are not searched.
    public static let emailSearchFilter = 4005

    /// §1.5 task filters (doc table of «Сложные фильтры задач»): there is no filter on the task description,
    /// only on the name (8, "contains") and on custom fields (101). So `findTaskByMarker` lists tasks of the
    /// template/object created in the last `markerLookbackDays` days (filters 51 + 12) with `fields=id,name,
    /// description,status` and matches the marker client-side, reading at most `markerMaxPages` pages of 100.
    /// A tenant that stores the marker in a Line custom field can use the exact filter 101 instead.
    public static let markerLookbackDays = 14
    public static let markerMaxPages = 5

    /// §1.5 Comments: `NotifiedRequest.roles` is a string enum in the schema, but the spec's example and public
    /// clients send an array; the array form is sent (the contract validator relaxes this one property).
    public static let recipientRolesAsArray = true

    /// §1.2 and the spec: `POST /task/{id}` / `POST /contact/{id}` answer 202 when the change is queued; the spec
    /// shows no body for it. A 2xx with an empty body is therefore accepted as success for updates (the shared
    /// classifier would call an unreadable 2xx body transient).
    public static let emptyUpdateAnswerIsSuccess = true

    /// §1.3: no total count is documented; paging stops at the first page shorter than `pageSize` (100).
    public static let pageSize = 100

    /// §1.5 Employees: `extensionNumber` appears only in a spec example; it is requested and decoded if present,
    /// and the 9004 filter is what `findUsers(extension:)` relies on.
    public static let userFields = "id,name,midname,lastname,login,email,status,role,phones,groups,extensionNumber"

    /// §2.2: PBX → Planfix requests carry the key as `planfix_token` (the general text says `token`).
    public static let telephonyTokenField = "planfix_token"

    /// §2.3 `cmd=contact`: keys `contact_name` and `responsible` (an extension, shown as a number) come from a doc
    /// printed without quotes; the client accepts a number or a string for `responsible`, treats a missing or
    /// empty `contact_name` as "not found", and an empty 200 body as "not found".
    public static let telephonyContactNameKey = "contact_name"
    public static let telephonyResponsibleKey = "responsible"

    /// §2.3 `cmd=ping`: answer keys `pbxToken`, `pbxUrl` (JSON types unverified; read as strings).
    public static let telephonyPingKeys = (token: "pbxToken", url: "pbxUrl")
}
