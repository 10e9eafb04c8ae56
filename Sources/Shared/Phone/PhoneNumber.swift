/// A phone number in one canonical form, so that one person never becomes two contacts because of formatting.
///
/// Every lookup and comparison in the fleet goes through `PhoneNumber(parsing:)`: UIS sends `79001234567`,
/// Planfix shows `+7 (900) 123-45-67`, people type `8 900 123 45 67 доб. 12`. Russian rules: an 11-digit
/// number starting with 8 or 7 is `+7…`; a 10-digit number starting with 9 (mobile) or 3/4/8 (geographic, toll
/// free) is `+7` plus it. Other numbers with an explicit `+` or `00` prefix are kept as international numbers
/// (8 to 15 digits, E.164). A trailing extension (`доб.`, `ext`, `x`, `#`, `,`) is split off. Short numbers
/// (2–6 digits) are internal extensions, not phones.
///
/// How it fails: text with no plausible number gives nil; the caller decides (skip the lookup, report it).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// `+79001234567`.
    public let e164: String
    /// The extension dialled after the number, if any (`12` in `… доб. 12`).
    public let extensionNumber: String?

    /// Digits without the plus: what Planfix's phone filter (4003, "contains") and UIS reports use.
    public var digits: String { String(e164.dropFirst()) }
    public var description: String { e164 + (extensionNumber.map { " доб. \($0)" } ?? "") }

    /// Parses free text. - Returns: nil when the text holds no phone number (or only an internal extension).
    public init?(parsing text: String) {
        let main: String, ext: String?, hasPlus: Bool
        var digits: String
        if text.utf8.allSatisfy(Self.isPlainPhoneByte) {
            // The usual case (`79001234567`, `+7 (900) 123-45-67`): no extension marker possible, ASCII only; the
            // commonest form of all, a Russian number written as 11 digits, is built straight from its bytes.
            if let russian = Self.russianDigits(text) {
                self.init(e164: russian, extensionNumber: nil)
                return
            }
            main = text
            ext = nil
            hasPlus = text.utf8.first { $0 != 0x20 } == UInt8(ascii: "+")
            digits = String(decoding: text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)
        } else {
            (main, ext) = Self.splitExtension(text.lowercased())
            hasPlus = main.trimmingLeadingSpaces.hasPrefix("+")
            digits = main.unicodeScalars.filter { $0.properties.numericType != nil && $0.value < 128 }.map(String.init).joined()
        }
        if !hasPlus, digits.hasPrefix("00") { digits.removeFirst(2) }
        if hasPlus || main.trimmingLeadingSpaces.hasPrefix("00") {
            guard let p = Self.international(digits, ext) else { return nil }
            self = p
            return
        }
        switch digits.count {
        case 11 where digits.hasPrefix("8") || digits.hasPrefix("7"):
            self.init(e164: "+7" + digits.dropFirst(), extensionNumber: ext)
        case 10 where "9348".contains(digits.first ?? "0"):
            self.init(e164: "+7" + digits, extensionNumber: ext)
        case 12...15:
            guard let p = Self.international(digits, ext) else { return nil }
            self = p
        default:
            return nil
        }
    }

    /// `+7…` for exactly 11 ASCII digits starting with 7 or 8 and nothing else (what UIS sends), else nil.
    private static func russianDigits(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count == 11, let first = utf8.first, first == UInt8(ascii: "7") || first == UInt8(ascii: "8"),
              utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return String(unsafeUninitializedCapacity: 12) { buffer in
            buffer[0] = UInt8(ascii: "+")
            buffer[1] = UInt8(ascii: "7")
            var i = 2
            for byte in utf8.dropFirst() { buffer[i] = byte; i += 1 }
            return 12
        }
    }

    private init(e164: String, extensionNumber: String?) {
        self.e164 = e164
        self.extensionNumber = extensionNumber
    }

    private static func international(_ digits: String, _ ext: String?) -> PhoneNumber? {
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return PhoneNumber(e164: "+" + digits, extensionNumber: ext)
    }

    /// Whether `text` is an internal extension (2–6 digits, nothing else), like `101`.
    public static func isExtension(_ text: String) -> Bool {
        let t = text.trimmingLeadingSpaces.trimmingTrailingSpaces
        return (2...6).contains(t.count) && t.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Digits, spaces and `+ ( ) - .`: text made only of these holds no extension marker.
    private static func isPlainPhoneByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || c == 0x20 || c == UInt8(ascii: "+") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
    }

    /// The markers people use before an extension, longest first.
    private static let extensionMarkers = ["доб.", "доб", "ext.", "ext", "вн.", "x", "#", ","]

    private static func splitExtension(_ text: String) -> (String, String?) {
        for marker in extensionMarkers {
            guard let range = text.range(of: marker, options: .backwards) else { continue }
            let tail = text[range.upperBound...].filter { !$0.isWhitespace }
            let head = String(text[..<range.lowerBound])
            if !tail.isEmpty, tail.allSatisfy({ $0.isASCII && $0.isNumber }), head.contains(where: \.isNumber) {
                return (head, String(tail))
            }
        }
        return (text, nil)
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: Substring { drop { $0.isWhitespace } }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var s = self
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}
