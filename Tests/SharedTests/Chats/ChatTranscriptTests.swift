import Testing
@testable import Shared

/// Transcripts as task comments: lines per message, attachments as links, HTML escaped, clean splits.
struct ChatTranscriptTests {
    static func message(_ id: Int, _ source: String, _ text: String?, file: String? = nil, employee: String? = nil) -> UISChatMessage {
        UISChatMessage(id: id, chatId: 7, dateTime: "2026-11-26 10:00:\(String(format: "%02d", id % 60))", text: text, source: source,
                       visitorId: nil, employeeId: nil, employeeFullName: employee,
                       resource: file.map { UISChatMessage.Resource(type: "file", fileUrl: $0, fileName: "f.pdf", mimeType: nil) })
    }

    @Test func aShortChatIsOneCommentWithAuthorsTimesAndLinks() {
        let comments = ChatTranscript.comments([
            Self.message(1, "visitor", "Привет & <здравствуйте>"),
            Self.message(2, "operator", "Добрый день", employee: "Анна"),
            Self.message(3, "visitor", "Вот файл", file: "https://files.example/f.pdf"),
            Self.message(4, "system", "  "),
        ], chatId: 7)
        #expect(comments == ["<b>Переписка в чате 7</b><br>[10:00:01] Посетитель: Привет &amp; &lt;здравствуйте&gt;<br>"
                             + "[10:00:02] Анна: Добрый день<br>[10:00:03] Посетитель: Вот файл (файл: <a href=\"https://files.example/f.pdf\">f.pdf</a>)"])
    }

    @Test func anEmptyChatHasNoComment() {
        #expect(ChatTranscript.comments([], chatId: 7).isEmpty)
        #expect(ChatTranscript.comments([Self.message(1, "visitor", nil)], chatId: 7).isEmpty)
    }

    @Test func aLongChatSplitsAtMessageBoundariesIntoNumberedParts() {
        let messages = (1...60).map { Self.message($0, "visitor", String(repeating: "слово ", count: 20) + "№\($0)") }
        let comments = ChatTranscript.comments(messages, chatId: 7, maxCharacters: 2_000)
        #expect(comments.count > 1)
        #expect(comments.allSatisfy { $0.count <= 2_000 })
        for (i, c) in comments.enumerated() { #expect(c.hasPrefix("<b>Переписка в чате 7 (часть \(i + 1) из \(comments.count))</b><br>")) }
        // Every message is whole and in order across the parts.
        let all = comments.joined(separator: "<br>")
        var last = all.startIndex
        for n in 1...60 {
            let hit = all.range(of: "№\(n)<br>") ?? all.range(of: "№\(n)", options: .backwards)
            #expect(hit != nil && hit!.lowerBound >= last, "message \(n) in order")
            if let hit { last = hit.lowerBound }
        }
    }

    @Test func aSingleHugeMessageIsCutAtSpacesNeverInsideATagOrEntity() {
        let huge = String(repeating: "a&b ", count: 3_000)
        let comments = ChatTranscript.comments([Self.message(1, "visitor", huge, file: "https://files.example/x.pdf")], chatId: 7, maxCharacters: 1_000)
        #expect(comments.count > 10)
        #expect(comments.allSatisfy { $0.count <= 1_000 })
        for c in comments {
            let body = c.components(separatedBy: "</b><br>").dropFirst().joined()
            #expect(!body.hasSuffix("&amp") && !body.hasSuffix("&"), "no entity cut in half")
            #expect(body.components(separatedBy: "<a ").count == body.components(separatedBy: "</a>").count, "no link cut in half")
        }
        #expect(comments.last?.contains("<a href=\"https://files.example/x.pdf\">f.pdf</a>") == true)
    }

    @Test func aWordLongerThanTheLimitIsCutAtACharacterBoundary() {
        let pieces = ChatTranscript.cut(String(repeating: "я", count: 2_500), maxCharacters: 1_000)
        #expect(pieces.map(\.count) == [1_000, 1_000, 500])
        #expect(ChatTranscript.cut("x &amp;&amp;&amp;", maxCharacters: 6) == ["x", "&amp;", "&amp;", "&amp;"])
    }
}
