import Foundation

/// Every guess the deals flow makes where the references (`uis-chats-leads-deals.md`, `planfix-api.md`) say
/// "unverified" or say nothing, in one place so it is easy to correct on a live account.
public enum DealAssumptions {
    /// planfix-api.md / chats §4: the automation posts `{{Задача.Номер}}` (the task number users see). The worker
    /// reads `GET /task/{task_id}` with it, i.e. assumes the REST id of a task is its number, and uploads it as
    /// the deal's `ext_id` (the choice; the official integration's ext_id is unknown, chats §6 q.7).
    public static let taskNumberIsRESTId = true

    /// chats §3.2: 1–100 in-process stages per funnel.
    public static let maxInProcessStages = 100
    /// chats §3.5: at most 1000 deals per `upload.deals_history` call.
    public static let maxDealsPerUpload = UISAssumptions.maxDealsPerUpload

    /// uis-api.md §1.5: every Data API call costs 1 point whatever it carries (3,500 a day in the docs' example), so
    /// a burst of deals goes in few calls (`DealUpload`, `DealUploadTrigger`).
    public static let uploadCostsOnePointPerCall = true

    /// chats §3.5 says one bad record fails the whole `upload.deals_history` call, not how the error names it.
    /// Unverified: the error's `data.field` names the record as `deals[<index in the call>].<field>` (as for other
    /// nested parameters, uis-api.md §1.4, and as the sandbox does). Only a hint: the named deal is tried alone
    /// first, and when it goes through (or no record is named) the batch is halved instead (`DealBatchIsolation`).
    public static let refusalNamesTheRecord = true

    /// chats §3.4: `update.deal_contacts` changes one contact, and its lists replace UIS's («Необходимо передавать
    /// актуальный список»), so both lists are always sent. Unverified: that an empty list clears them.
    public static let contactUpdateReplacesLists = true

    /// chats §3.4 "most likely" (unverified): creating a contact UIS has answers `duplicate_entity`, then it is
    /// updated instead; updating one UIS does not have answers `entity_not_found`, then it is created.
    public static let contactCreateOrUpdate = true

    /// chats §3.6 (inferred): closed Planfix statuses that are neither the success nor the failure status have no
    /// UIS stage kind; they collapse into one in-process stage of this name.
    public static let closedOtherStageName = "Закрыта без результата"

    /// chats §3.2: stage `ext_id`s are assumed unique per account, not per funnel, so they carry the funnel's
    /// ext id as a prefix (`planfix-object-17:success`).
    public static let stageIdsCarryFunnelId = true

    /// chats §3.2 "errors: the create list" (inferred): re-creating a funnel, stage or deal employee answers
    /// `duplicate_entity`, which the worker takes as "it exists" (a deal contact is then updated, above);
    /// deleting a stage that is gone answers `entity_not_found`, taken as done; deleting a stage that still holds
    /// deals is refused, and the stage is left in place (logged).
    public static let duplicateMeansExists = true

    /// uis-api.md §2.3: a call's `communication_id` (what deals link to) is taken from the notification's
    /// `communication_id` when it carried one, else the call session id (`get.calls_report` returns both; that
    /// they are equal for calls is unverified).
    public static let callCommunicationIdFallsBackToSession = true

    /// chats §3.5: dates are sent in the account's time zone (as report dates, `UISAssumptions.defaultReportTimeZone`).
    public static let timeZone = UISAssumptions.defaultReportTimeZone

    /// chats §3.6: a reopened deal (failed → in process) is uploaded as a later in-process record; how UIS's
    /// reports show it is unverified.
    public static let reopenIsALaterRecord = true

    /// Planfix `TaskResponse.dateTime` is read as the deal's creation time: its `datetime` (ISO, UTC) when present,
    /// else `date` + `time` in `timeZone` (the spec's examples; the time zone of `date`/`time` is unverified).
    public static let taskCreationFromDateTime = true

    /// How long the object's statuses read from Planfix are reused before asking again (a status unknown to the
    /// cached list asks at once).
    public static let statusesCacheTTL: Duration = .seconds(600)
}
