/// Every behaviour the sandbox had to GUESS because the references mark it "unverified" or say nothing.
/// One place, so that a check against a live account changes one file. Each entry names the reference
/// section (planfix-api.md = PF, uis-api.md = UIS, uis-chats-leads-deals.md = UCLD). Everything NOT listed
/// here follows a documented fact of the references.
public enum SandboxAssumptions {
    // MARK: Planfix REST limits (PF §1.4 "Unverified: the HTTP status when the per-second or daily limit is hit")

    /// HTTP status when more than `requestsPerSecond` requests arrive within one second. No 429 is documented.
    public static let planfixPerSecondStatus = 429
    /// Application code for the per-second breach (none is documented; 0 = "unknown error").
    public static let planfixPerSecondCode = 0
    public static let planfixPerSecondText = "Превышен лимит запросов в секунду"
    /// Whether Planfix sends `Retry-After` (PF §1.4: unverified). The sandbox does not, so clients must not rely on it.
    public static let planfixSendsRetryAfter = false
    /// The per-second window is sliding: a request is refused if `requestsPerSecond` accepted requests
    /// arrived within the previous 1000 ms. Real Planfix may use calendar seconds.
    public static let planfixWindowMilliseconds: Int64 = 1000
    /// HTTP status of the daily-limit breach; the code 22 itself is documented (PF §1.4).
    public static let planfixDailyLimitStatus = 429
    public static let planfixDailyLimitText = "Исчерпан дневной лимит запросов к REST API"
    /// The day of the daily limit starts at 00:00 Moscow time (UTC+3); undocumented.
    public static let planfixDayOffsetSeconds: Int64 = 3 * 3600
    /// Refused requests (limits, bad token) do not count against the daily limit.
    public static let refusedRequestsCountAgainstDailyLimit = false
    /// `X-RateLimit-Remaining` is exact and refreshed on every answer (real: approximate, ~10 min refresh, PF §1.4).
    public static let rateLimitHeaderIsExact = true
    /// Order of checks: token first (401 code 1), then limits, then the body.
    public static let planfixAuthBeforeLimits = true

    // MARK: Planfix REST errors and shapes

    /// Unknown REST path: 404 with code 0 (PF does not document it).
    public static let planfixUnknownMethodStatus = 404
    public static let planfixUnknownMethodText = "Unknown method"
    /// Unknown account (no such `<account>.planfix.ru`): 404; real Planfix would not resolve the host.
    public static let unknownAccountText = "Аккаунт не найден"
    /// Malformed JSON body: HTTP 400 with code 30 (the code is documented, the status and text are not).
    public static let invalidJSONText = "Invalid JSON"
    /// Schema violation: 400, code 40 when a required property is missing, otherwise 41 (PF §1.4 codes).
    public static let validationStatus = 400
    /// GET /task/{id} for an unknown task: 404 code 1000 (PF §1.5 "not found status is unverified").
    public static let taskNotFoundStatus = 404
    /// Comment on an unknown task: 404 code 1000.
    public static let commentTaskNotFoundStatus = 404
    /// Unknown template/object/status/counterparty on task create: 400 code 41 (the status text is from PF §1.5).
    public static let taskCreateBadReferenceCode = 41
    /// Contact create with empty name, lastname and midname: 400 code 2006 (PF §1.5 infers the rule).
    public static let contactEmptyNameStatus = 400
    /// Without `fields`, GET and list answers return only `id` (PF §1.3: "only the requested fields (plus id)").
    public static let defaultFieldsAreIdOnly = true
    /// Filter 4003 (contact phone) matches when the stored number's digits CONTAIN the query's digits
    /// (PF §1.5: "contains"; formatting-insensitivity unverified). "+7 910" and "8 910" do not match each other.
    public static let phoneFilterComparesDigitsOnly = true
    /// Task filter 8 matches a substring of the task name or description. PF §1.5 lists no description filter and
    /// the spec's enum only says "8 // List"; the fleet's client uses 8 as "name contains" and finds its marker
    /// in descriptions itself, so matching either keeps both readings working.
    public static let taskTextFilterType: Int64 = 8
    /// Task filter 12 ("Create date", spec enum) with `{"dateType":"last","dateValue":N}`: every sandbox task is
    /// younger than its process, so any N ≥ 1 matches all of them; other date shapes are refused (code 41).
    public static let taskCreatedDateFilterType: Int64 = 12
    /// A task created without `status` gets this status id (PF §1.5 lists 1 = Новая as a common id).
    public static let defaultTaskStatusId: Int64 = 1
    /// `/user/list` does not return `extensionNumber` (PF §1.5 and §4 item 2: unverified).
    public static let userListReturnsExtension = false
    /// Unsupported filter types are refused with 400 code 41 (real Planfix accepts many more).
    public static let unsupportedFilterCode = 41
    /// The `fields` list may name `extensionNumber`; it is ignored.
    /// Contact update: `phones` replaces the whole list (PF §4 item 7: replace vs append unverified).
    public static let contactUpdateReplacesPhones = true
    /// Updates answer 200 `{"result":"success"}`; the sandbox never queues (202).
    public static let updatesAreImmediate = true

    // MARK: Planfix telephony (PF §2)

    /// Only `planfix_token` is accepted; `token` is not (PF §2.2: unverified whether `token` works).
    public static let telephonyAcceptsTokenField = false
    /// `cmd=contact` for an unknown phone: 200 `{}` (PF §2.3: not documented).
    public static let telephonyContactNotFoundBody: JSONValue = [:]
    /// `cmd=contact` matches stored numbers on the last 10 digits (Planfix's own normalisation is unknown).
    public static let telephonyLookupDigits = 10
    /// A contact created by a telephony event is named by the phone number as received, has no supervisors
    /// and uses the first contact template (PF §2.1 "Шаблон для создания новых контактов" is a UI setting).
    public static let autoContactNameIsPhone = true
    /// Events for an extension that no user has are answered 200 but ignored (PF §2.1 "calls involving unknown
    /// extensions are not recorded"); the sandbox also creates no contact for them.
    public static let unknownExtensionEventsIgnored = true
    /// `cmd=record` for an unknown callid is accepted (200) and opens a log entry.
    public static let recordForUnknownCallAccepted = true
    /// `cmd=event` success body: empty (PF §2.3 "200 (empty body = OK)").

    // MARK: UIS (UIS §1)

    /// JSON-RPC errors come with HTTP 200 (UIS §1.4 "inferred").
    public static let uisErrorHTTPStatus = 200
    /// Missing `access_token`: -32602 `required_parameter_missed`; unknown token: -32001 `access_token_invalid`.
    public static let uisMissingTokenIsValidationError = true
    /// Error messages other than the documented ones (data_type_error, limit_exceeded) are the sandbox's wording.
    public static let uisMessages: [String: String] = [
        "parse_error": "Parse error",
        "invalid_request": "Invalid Request",
        "method_not_found": "Method not found",
        "access_token_invalid": "Invalid access token",
        "required_parameter_missed": "Required parameter has been missed",
        "invalid_parameter_value": "Invalid parameter value",
        "unexpected_parameters": "Unexpected parameters",
        "invalid_parameters_combination": "Invalid parameters combination",
        "entity_not_found": "Entity not found",
        "duplicate_entity": "Duplicate entity",
        "invalid_date_time": "Invalid date time",
        "data_limit_exceeded": "Data limit exceeded",
        "batch_opreations_not_supported": "Batch operations are not supported",
        "notifications_not_supported": "Notifications are not supported",
        "employee_not_found": "Employee not found",
        "no_active_phone_number": "Employee has no active phone number",
        "virtual_phone_number_not_found": "Virtual phone number not found",
        "own_virtual_phone_number_not_allowed": "Own virtual phone number is not allowed",
        "date_interval_limit_reached": "Max value of requested date interval is 3 months",
    ]
    /// JSON-RPC code of create/update errors (`entity_not_found`, `duplicate_entity`, ...): not documented.
    public static let uisCreateErrorCode = -32602
    /// Point windows: the minute is a calendar minute, the day starts 00:00 Moscow (UTC+3); undocumented.
    public static let uisDayOffsetSeconds: Int64 = 3 * 3600
    /// Dates in reports are Moscow time (UIS §2.1 "most likely the account's timezone").
    public static let uisTimezoneOffsetSeconds = 3 * 3600
    /// Default point limits when the tenant file gives none (UIS §1.5: the doc example shows 200/min, 3500/day).
    public static let uisDefaultPointsPerMinute = 200
    public static let uisDefaultPointsPerDay = 3500
    /// One key serves both Data API and Call API (UIS §1.2: unverified); the Call API has its own points.
    public static let uisOneKeyForBothAPIs = true
    /// Requesting an unknown field name in `fields`: -32602 `invalid_parameter_value` with `field: "fields"`.
    public static let uisUnknownFieldIsError = true
    /// `upload.deals_history`: `modified_stage_date_time` must be >= `created_date_time` (the docs say ">" in one
    /// table while their own example uses equal times), and >= the last uploaded one (UCLD §3.5); violations
    /// answer `invalid_date_time`. Referenced contacts, employees, funnels and stages must exist (`entity_not_found`).
    public static let dealStageTimeMayEqualCreation = true
    /// Re-creating an existing funnel / deal contact / deal employee answers `duplicate_entity` (UCLD §3.4 "most likely").
    public static let duplicateCreateFails = true

    // MARK: Injected faults (sandbox design, not reference facts)

    /// Injected errors and 429s carry a short text body, like a proxy in front of the service would.
    public static let faultBodyIsText = true
    /// A "drop" is answered as 502 with `Connection: close` and an empty body: the shared HTTPServer has no
    /// primitive to close a connection without answering.
    public static let dropStatus = 502
    /// A "hang" answers 504 after this long if the client has not given up (the server's stop cancels it sooner).
    public static let hangMaxSeconds = 300
    /// Request bodies above this size get the API's own error shape (the server itself refuses above 16 MiB).
    public static let maxBodyBytes = 1 << 20
}
