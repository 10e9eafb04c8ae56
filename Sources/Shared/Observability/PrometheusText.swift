/// Spelling rules of the Prometheus text exposition format 0.0.4: name validation, escaping
/// and number formatting. Pure functions; exists so the renderer and tests agree on them.
/// Nothing here fails: invalid names are reported by the `isValid...` checks, and callers
/// decide whether that is a programmer error (registration) or a dropped sample (collectors).
public enum PrometheusText {
    /// `Content-Type` for a scrape response.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    public static func isValidMetricName(_ name: String) -> Bool {
        isValidName(name, allowColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus itself).
    public static func isValidLabelName(_ name: String) -> Bool {
        isValidName(name, allowColon: false) && !name.hasPrefix("__")
    }

    private static func isValidName(_ name: String, allowColon: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        for (index, byte) in name.utf8.enumerated() {
            let isLetter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_") || (allowColon && byte == UInt8(ascii: ":"))
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLetter || (index > 0 && isDigit) else { return false }
        }
        return true
    }

    /// HELP text escaping: `\` and newline.
    public static func escapeHelp(_ text: String) -> String { escape(text, quotes: false) }

    /// Label value escaping: `\`, `"` and newline.
    public static func escapeLabelValue(_ text: String) -> String { escape(text, quotes: true) }

    /// Escapes `\` and newline, and `"` too when `quotes`; returns `text` itself when nothing needs escaping.
    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: {
            $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || (quotes && $0 == UInt8(ascii: "\""))
        }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 4)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `{a="x",b="y"}` for pairs already in the wanted order, or "" for none.
    /// Values are escaped here; names must already be valid.
    public static func labelBlock(_ pairs: [(name: String, value: String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        var out = "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out += "," }
            out += pair.name + "=\"" + escapeLabelValue(pair.value) + "\""
        }
        return out + "}"
    }

    /// Sample values: integers without a fraction (`3`, `-1`), `+Inf`, `-Inf`, `NaN`,
    /// otherwise Swift's shortest round-trip form (`0.25`, `1e-05`), which Prometheus parses.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }
}
