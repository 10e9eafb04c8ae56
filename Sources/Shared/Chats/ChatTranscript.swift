/// A closed chat's messages (`get.chat_messages_report`) as Planfix task comments: one HTML line per message
/// («время — кто: текст»), attachments as links, split into comments of at most `maxCharacters` at message
/// boundaries; a single message longer than that is cut at a space (or, without one, at a character boundary).
/// Each comment says which part it is, so a long transcript reads in order.
///
/// How it fails: it does not; an empty chat gives no comments, a message without text or file is left out.
public enum ChatTranscript {
    public static func comments(_ messages: [UISChatMessage], chatId: Int, maxCharacters: Int = ChatsAssumptions.maxCommentCharacters) -> [String] {
        let lines = messages.flatMap { message -> [String] in
            guard let line = Self.line(message) else { return [] }
            return Self.cut(line, maxCharacters: max(200, maxCharacters - 200))
        }
        guard !lines.isEmpty else { return [] }
        // Pack lines into parts, leaving room for the heading.
        let budget = max(200, maxCharacters - 120)
        var parts: [[String]] = [[]]
        var size = 0
        for line in lines {
            if size + line.count + 4 > budget, !parts[parts.count - 1].isEmpty {
                parts.append([])
                size = 0
            }
            parts[parts.count - 1].append(line)
            size += line.count + 4
        }
        return parts.enumerated().map { index, lines in
            let heading = parts.count == 1 ? "Переписка в чате \(chatId)" : "Переписка в чате \(chatId) (часть \(index + 1) из \(parts.count))"
            return "<b>\(heading)</b><br>" + lines.joined(separator: "<br>")
        }
    }

    /// One message as an HTML line, or nil when it has nothing to show.
    static func line(_ m: UISChatMessage) -> String? {
        let text = m.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var body = escape(text).replacingOccurrences(of: "\n", with: "<br>")
        if let url = m.resource?.fileUrl, !url.isEmpty, url.hasPrefix("http://") || url.hasPrefix("https://") {
            let name = m.resource?.fileName.flatMap { $0.isEmpty ? nil : $0 } ?? "вложение"
            let link = "<a href=\"\(escape(url))\">\(escape(name))</a>"
            body = body.isEmpty ? "Файл: \(link)" : "\(body) (файл: \(link))"
        }
        guard !body.isEmpty else { return nil }
        let time = m.dateTime.map { $0.split(separator: " ").last.map(String.init) ?? $0 }.map { "[\($0)] " } ?? ""
        return "\(time)\(escape(author(m))): \(body)"
    }

    static func author(_ m: UISChatMessage) -> String {
        switch m.source?.lowercased() {
        case "visitor": return "Посетитель"
        case "operator": return m.employeeFullName.flatMap { $0.isEmpty ? nil : $0 } ?? "Оператор"
        case "chatbot": return "Чат-бот"
        case "system": return "Система"
        case "autoinvite", "retention": return "Автоприглашение"
        case "form_text": return "Форма"
        default: return m.employeeFullName ?? "Сообщение"
        }
    }

    /// Cuts an over-long line into pieces of at most `maxCharacters`, at the last space before the limit when
    /// there is one in its second half outside an HTML tag, else before any unfinished entity or tag.
    static func cut(_ line: String, maxCharacters: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(line)
        while rest.count > maxCharacters {
            let limit = rest.index(rest.startIndex, offsetBy: maxCharacters)
            let half = rest.index(rest.startIndex, offsetBy: maxCharacters / 2)
            var end = limit
            if let space = rest[half..<limit].indices.last(where: { rest[$0] == " " && !insideTag(rest, $0) }) { end = space }
            else { end = safeCut(rest, limit) }
            var piece = rest[..<end]
            while piece.last == " " { piece = piece.dropLast() }
            if !piece.isEmpty { pieces.append(String(piece)) }
            rest = rest[end...].drop { $0 == " " }
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    static func insideTag(_ s: Substring, _ i: Substring.Index) -> Bool {
        guard let open = s[..<i].lastIndex(of: "<") else { return false }
        return !s[open..<i].contains(">")
    }

    /// Moves a hard cut back before an unfinished `&…;` entity or `<…>` tag.
    static func safeCut(_ s: Substring, _ limit: Substring.Index) -> Substring.Index {
        let window = s[s.index(limit, offsetBy: -min(12, s.distance(from: s.startIndex, to: limit)))..<limit]
        if let amp = window.lastIndex(where: { $0 == "&" || $0 == "<" }), !window[amp...].contains(where: { $0 == ";" || $0 == ">" }),
           amp > s.startIndex {
            return amp
        }
        return limit
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
