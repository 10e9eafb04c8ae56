/// The exact texts a tenant pastes into UIS («Уведомления → Добавить», HTTP channel) for each call event type
/// and each chat/lead event type: a POST JSON body and, as a fallback, a GET query string.
///
/// How they work (uis-api.md §4.1): UIS replaces each `{{variable}}` with a JSON literal (quoted string, bare
/// number or `null`), so placeholders stay unquoted in the body. Every body starts with our literal
/// discriminator `{"event":"<type>"` because `notification_name` is free text. How it fails: it cannot;
/// these are constants, and a test proves each one, filled with sample literals, parses back. The chat/lead
/// variable lists are unverified (`UISTextEventType.variables`): the admin drops any the LK does not offer.
public enum UISNotificationTemplates {
    /// The POST body, e.g. `{"event":"lost_call","notification_name":{{notification_name}},…}`.
    public static func body(_ type: UISCallEventType) -> String {
        body(discriminator: type.discriminator, variables: type.variables)
    }

    /// The POST body of a chat/lead type, e.g. `{"event":"chat_started","notification_name":{{notification_name}},…}`.
    public static func body(_ type: UISTextEventType) -> String {
        body(discriminator: type.discriminator, variables: type.variables)
    }

    /// The GET query (without `?`), e.g. `event=lost_call&notification_name={{notification_name}}&…`.
    public static func query(_ type: UISCallEventType) -> String {
        query(discriminator: type.discriminator, variables: type.variables)
    }

    /// The GET query (without `?`) of a chat/lead type, e.g. `event=lead_received&notification_name=…`.
    public static func query(_ type: UISTextEventType) -> String {
        query(discriminator: type.discriminator, variables: type.variables)
    }

    private static func body(discriminator: String, variables: [String]) -> String {
        let fields = variables.map { "\"\($0)\":{{\($0)}}" }
        return "{\"event\":\"\(discriminator)\"," + fields.joined(separator: ",") + "}"
    }

    private static func query(discriminator: String, variables: [String]) -> String {
        (["event=\(discriminator)"] + variables.map { "\($0)={{\($0)}}" }).joined(separator: "&")
    }

    /// The variable names a template text refers to, in order of appearance (`{{name}}` placeholders).
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// The template with each placeholder replaced by `literal(name)` (used by tests and by the settings
    /// screen's preview).
    public static func fill(_ template: String, _ literal: (String) -> String) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            out += literal(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
