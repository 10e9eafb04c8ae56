/// Every guess the chats worker makes where the references (`uis-chats-leads-deals.md`, `planfix-api.md`) say
/// "unverified" or say nothing, in one place so it is easy to correct after checking a live account.
public enum ChatsAssumptions {
    /// §2.2: `status` values `lost`, `succeed`, `refused` are closed chats; `new` and `active` are open. A status
    /// the fleet does not know is treated as open (the poller sees the chat again when it closes).
    public static let terminalChatStatuses: Set<String> = ["lost", "succeed", "refused"]

    /// §2.2: `chat_channel_type` `offline_message` suggests a site lead can also appear as a chat (unverified).
    /// Such a chat is processed as the lead it is: same communication id, the leads rules, one set of entities.
    public static let offlineMessageChannelType = "offline_message"

    /// §2.2: the report window presumably applies to the chat's start `date_time` (inferred). A notification's
    /// record is looked for in the window from this long before the notification (or now) until shortly after
    /// now; a tag may be set days after the chat started.
    public static let notificationLookback: Duration = .seconds(7 * 86_400)
    public static let notificationLookahead: Duration = .seconds(3600)

    /// §2.2 lists `communication_id` among the filterable fields of `get.chats_report`; §2.4 lists none for
    /// `get.offline_messages_report`. The fleet filters both on `communication_id` (equality), unverified for leads;
    /// if UIS refuses it (`filter_prohibited`), the notification's job dead-letters and the poller still finds the lead.
    public static let leadReportFilterField = "communication_id"

    /// §2.6: `get.visitors` takes `ids: [visitor_id, …]` and returns `id, name, phones[], emails[], usernames[]`;
    /// the parameter name comes from the reference's summary and the list entries' shape (strings or objects) is
    /// unverified, so entries are read leniently (`UISLooseText`).
    public static let visitorsByIdsParameter = "ids"

    /// No public source gives the address of a chat in UIS's operator workplace. The fleet links to the chat by
    /// its id under the account UI; correct it per brand once seen on a live account.
    public static let chatLinkBase = "https://app.uiscom.ru/chats/"
    public static func chatLink(chatId: Int) -> String { chatLinkBase + String(chatId) }

    /// planfix-api.md documents no size limit for a comment's `description`. Transcripts are split into comments of
    /// at most this many characters (HTML included), at message boundaries, so none is refused or cut by Planfix.
    public static let maxCommentCharacters = 8_000

    /// planfix-api.md §1.5: no contact filter searches messenger usernames, so a username is matched through the
    /// fleet's own links (`ContactLinkStore`), stored when the fleet created or matched the contact.
    public static let usernameSearchInPlanfix = false

    /// How long the fleet remembers which Planfix contact a UIS visitor, person or messenger username is.
    public static let contactLinkRetention: Duration = .seconds(365 * 86_400)
}
