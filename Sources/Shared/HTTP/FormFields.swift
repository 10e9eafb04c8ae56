/// `application/x-www-form-urlencoded` bodies (Planfix's telephony commands, form-mode automations): the same
/// decoding as a query string ('+' is a space, percent escapes, repeated names kept, undecodable escapes kept raw).
public enum FormFields {
    public static func parse(_ body: [UInt8]) -> [(name: String, value: String)] {
        body.withUnsafeBytes { HTTPTargetDecoding.parseQuery($0) }
    }

    /// The first value named `name`.
    public static func value(_ name: String, in fields: [(name: String, value: String)]) -> String? {
        fields.first { $0.name == name }?.value
    }
}
