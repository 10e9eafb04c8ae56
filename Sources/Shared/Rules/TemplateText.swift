import Foundation

/// Text clean-up rules for rendered templates (see `MessageTemplate`). Internal helpers, pure functions.
enum TemplateText {
    /// Separators that lose their meaning when a neighbouring value is missing.
    static let separators: Set<Character> = ["-", "–", "—", ",", ";", ":", "/", "|", "·", "•"]
    /// Short words that read wrong without the value after them («звонок от» …).
    static let prepositions: Set<String> = ["от", "на", "с", "со", "из", "по", "в", "во", "для", "к", "ко", "через", "у", "о", "об", "from", "to", "via", "by", "for", "on", "at"]
    static let openers: Set<Character> = ["(", "[", "«", "\"", "'"]
    static let closers: Set<Character> = [")", "]", "»", "\"", "'"]

    /// Removes control characters (line breaks become spaces) and the HTML brackets Planfix would misread.
    static func sanitize(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            if scalar == "<" || scalar == ">" { return nil }
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar == "\u{2028}" || scalar == "\u{2029}" {
                return scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : nil
            }
            return scalar
        }))
    }

    /// The text before a placeholder that had no value: drop a trailing separator or preposition it leaves
    /// dangling. An opener such as "(" is kept: `tidy` removes the empty pair once the closer follows.
    static func dropDangling(before text: String) -> String {
        var t = text
        while t.last?.isWhitespace == true { t.removeLast() }
        if let last = t.last, separators.contains(last) {
            t.removeLast()
            return t + " "
        }
        if let word = t.split(separator: " ").last, prepositions.contains(word.lowercased()) {
            t.removeLast(word.count)
            return t + " "
        }
        return text
    }

    /// The text after a placeholder that had no value (and whose preceding text kept its separator):
    /// drop a leading separator such as " - " or ", ".
    static func dropLeadingSeparator(_ text: String) -> String {
        var t = Substring(text)
        while t.first?.isWhitespace == true { t.removeFirst() }
        guard let first = t.first, separators.contains(first) else { return text }
        t.removeFirst()
        return " " + t
    }

    /// Collapses whitespace, removes empty bracket pairs and runs of stand-alone separators, trims separators
    /// at both ends. Separators inside words ("Санкт-Петербург", "https://") are untouched.
    static func tidy(_ s: String) -> String {
        var text = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        var changed = true
        while changed {
            changed = false
            for pair in ["()", "( )", "[]", "[ ]", "«»", "« »", "\"\"", "\" \""] where text.contains(pair) {
                text = text.replacingOccurrences(of: pair, with: " ")
                changed = true
            }
            text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        var kept: [Substring] = []
        for token in text.split(separator: " ") {
            if token.allSatisfy({ separators.contains($0) }) {
                if kept.isEmpty { continue }
                if let prev = kept.last, let end = prev.last, separators.contains(end) { continue }
            }
            if token.first.map({ [",", ";", ":"].contains($0) }) == true, let prev = kept.last,
               prev.allSatisfy({ separators.contains($0) }) {
                kept.removeLast()
            }
            kept.append(token)
        }
        while let last = kept.last, last.allSatisfy({ separators.contains($0) }) { kept.removeLast() }
        text = kept.joined(separator: " ")
        text = text.replacingOccurrences(of: " ,", with: ",").replacingOccurrences(of: " ;", with: ";")
        while let l = text.last, [",", ";", ":", "-", "–", "—", "/", "|"].contains(l) { text.removeLast() }
        while let f = text.first, [",", ";", ":", "-", "–", "—", "/", "|"].contains(f) { text.removeFirst() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Cuts to `max` characters on a word boundary when possible, marking the cut with "…".
    static func cap(_ s: String, _ max: Int) -> String {
        guard s.count > max, max > 1 else { return s }
        var cut = String(s.prefix(max - 1))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > max / 2 {
            cut = String(cut[..<space])
        }
        while let l = cut.last, l == " " || separators.contains(l) { cut.removeLast() }
        return cut + "…"
    }
}
