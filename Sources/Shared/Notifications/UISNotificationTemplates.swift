/// The exact texts a tenant pastes into UIS («Уведомления → Добавить», HTTP channel) for each call event type:
/// a POST JSON body and, as a fallback, a GET query string.
///
/// How they work (uis-api.md §4.1): UIS replaces each `{{variable}}` with a JSON literal (quoted string, bare
/// number or `null`), so placeholders stay unquoted in the body. Every body starts with our literal
/// discriminator `{"event":"<type>"` because `notification_name` is free text. How it fails: it cannot;
/// these are constants, and a test proves each one, filled with sample literals, parses back.
public enum UISNotificationTemplates {
    /// The POST body, e.g. `{"event":"lost_call","notification_name":{{notification_name}},…}`.
    public static func body(_ type: UISCallEventType) -> String {
        let fields = type.variables.map { "\"\($0)\":{{\($0)}}" }
        return "{\"event\":\"\(type.discriminator)\"," + fields.joined(separator: ",") + "}"
    }

    /// The GET query (without `?`), e.g. `event=lost_call&notification_name={{notification_name}}&…`.
    public static func query(_ type: UISCallEventType) -> String {
        (["event=\(type.discriminator)"] + type.variables.map { "\($0)={{\($0)}}" }).joined(separator: "&")
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
