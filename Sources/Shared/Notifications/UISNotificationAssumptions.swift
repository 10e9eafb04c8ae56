import Foundation

/// Every guess the notification parser makes where uis-api.md §4 says "unverified", in one place so it is easy
/// to correct against a live UIS account (open questions 1, 2 and 6 of §8).
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

    /// The chat and lead notification variables are unverified (§4.5) and not handled here: only the eight
    /// call types are parsed; a chat/lead `"event"` is rejected as unknown.
    public static let handlesChatAndLeadNotifications = false
}
