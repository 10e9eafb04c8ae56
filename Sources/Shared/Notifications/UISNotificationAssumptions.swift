import Foundation

/// Every guess the notification parsers make where uis-api.md §4 and uis-chats-leads-deals.md §1 say
/// "unverified", in one place so it is easy to correct against a live UIS account (open questions 1, 2 and 6
/// of uis-api.md §8, and 1 of uis-chats-leads-deals.md §6).
public enum UISNotificationAssumptions {
    /// §4.1: the Content-Type UIS sends is unverified, so the body is parsed as JSON whatever the header says.
    public static let ignoresContentType = true

    /// §4.2: real `notification_mnemonic` values are unknown. They are kept as raw text and never used to
    /// decide the event type; the `"event"` literal we publish is the only discriminator.
    public static let mnemonicDecidesType = false

    /// §8.6: the timezone of `notification_time` is not stated; assumed Moscow (the usual account timezone).
    public static let notificationTimeZone = TimeZone(identifier: "Europe/Moscow")!

    /// §4.1: with the GET variant it is unknown whether UIS substitutes raw text or JSON literals into the
    /// query. Both are accepted: a value wrapped in double quotes is unwrapped, and the text `null` (or an
    /// empty value) means absent.
    public static let queryNullSpellings: Set<String> = ["", "null", "NULL", "None", "undefined"]

    /// §4.1: a PHP handler works around a missing `&` between GET parameters. We split a value again when it
    /// contains `<known variable>=`; `file_link` values are exempt because a URL may carry its own query.
    public static let splitsGluedQueryParameters = true

    /// Variables whose value is never re-split by the glued-parameter workaround.
    public static let unsplittableVariables: Set<String> = ["file_link"]

    /// §4.3: list variables (`leg_ids`, `employee_ids`, `tag_ids`, `tag_names`) are assumed to arrive as JSON
    /// arrays; a comma-separated string or a single scalar is accepted too.
    public static let listSeparator: Character = ","

    /// Size guards (ours, not UIS's): a real notification is well under 4 KiB.
    public static let maxBodyBytes = 64 * 1024
    public static let maxNestingDepth = 16
    /// The GET variant: at most this many query pairs are read.
    public static let maxQueryPairs = 256

    // MARK: Chats and leads (uis-chats-leads-deals.md §1, open question §6.1; all UNVERIFIED)

    /// Chat and lead notifications are parsed by `UISTextNotification`, on these assumptions:
    /// - the LK offers HTTP notification event types for chat start, chat finish, tag set («Проставление тега»,
    ///   `set_mark`, the only confirmed one) and site lead («Заявка»); their LK names are guesses;
    /// - the `"event"` literals are ours (`chat_started`, `chat_finished`, `chat_tag_set`, `lead_received`),
    ///   as for calls; `notification_mnemonic` never decides the type;
    /// - the variables are named like the Data API report fields (`visitor_*`, `chat_channel_*`,
    ///   `site_domain_name`, `campaign_name`, `utm_*`, `tag_ids`/`tag_names`, `form_name`, `text`), §1.3;
    /// - `communication_id` is offered for every chat and lead event and is the report's `communication_id`
    ///   (the «обращение» id, not the chat `id`); `chat_id` / `offline_message_id` are not relied on.
    public static let handlesChatAndLeadNotifications = true

    /// A chat/lead notification must carry a positive `communication_id`; one with only `visitor_id` (as in
    /// UIS's OkoCRM chat template) is refused, because a visitor has many chats and the keys, the poller's
    /// look-up and deals all need the communication. Revisit if a live account shows an event without it.
    public static let requiresCommunicationId = true

    /// «Проставление тега» fires for any communication (the documented example is an e-mail). Its
    /// `communication_type` (assumed to render the `value_id`, or the Russian `value`) decides chat or lead;
    /// calls, e-mails and goals are refused (`notTextCommunication`); an absent or unknown text means chat.
    public static let chatCommunicationTypes: Set<String> = ["chat", "chats", "чат", "чаты"]
    public static let leadCommunicationTypes: Set<String> = ["offline_message", "offline_messages", "заявка", "заявки",
                                                             "офлайн-заявка", "офлайн-заявки"]
    public static let otherCommunicationTypes: Set<String> = ["call", "calls", "звонок", "звонки", "email", "e-mail",
                                                              "электронные письма", "электронное письмо", "goal", "goals",
                                                              "цель", "цели"]

    /// Variable names too generic to split a glued GET value at (`text=` also occurs in `context=`).
    public static let unsplittingVariableNames: Set<String> = ["text"]
}
