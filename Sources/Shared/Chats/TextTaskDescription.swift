/// The description of the Planfix task the chats worker creates, in Russian for the tenant's users: what the
/// communication was, the chat link or the lead's text and form fields, the visitor's contacts, where they came
/// from, and the fleet's marker last (it lets a replayed job find the task instead of creating a second one).
///
/// How it fails: it does not; every value is HTML-escaped, missing ones are left out.
public enum TextTaskDescription {
    public static func html(_ c: TextCommunication, marker: String) -> String {
        var lines: [String] = []
        switch c.flow {
        case .lead:
            lines.append("Заявка с сайта")
            add(&lines, "Форма", c.formName)
            add(&lines, "Тип заявки", c.formType)
            add(&lines, "Текст заявки", c.leadText)
        case .chat:
            lines.append("Чат" + ((c.chatChannelName ?? c.chatChannelType).map { " (\(escape($0)))" } ?? ""))
            if let link = c.chatLink { lines.append("Ссылка на чат: <a href=\"\(escape(link))\">\(escape(link))</a>") }
            add(&lines, "Канал", c.chatChannelType)
        }
        add(&lines, "Посетитель", c.visitorName)
        add(&lines, "Телефон", c.phone?.best)
        add(&lines, "E-mail", c.email)
        add(&lines, "Имя в мессенджере", c.username)
        add(&lines, "Сайт", c.siteDomainName)
        add(&lines, "Рекламная кампания", c.campaignName)
        add(&lines, "Источник", c.sourceName)
        let utm = [("utm_source", c.utmSource), ("utm_medium", c.utmMedium), ("utm_campaign", c.utmCampaign), ("utm_term", c.utmTerm)]
            .compactMap { k, v in v.map { "\(k)=\($0)" } }
        if !utm.isEmpty { add(&lines, "UTM", utm.joined(separator: ", ")) }
        if !c.tagNames.isEmpty { add(&lines, "Теги", c.tagNames.joined(separator: ", ")) }
        add(&lines, "Сотрудник", c.employeeName)
        add(&lines, "Дата и время", c.dateTime)
        add(&lines, "ID обращения", String(c.communicationId))
        lines.append(escape(marker))
        return lines.joined(separator: "<br>")
    }

    static func add(_ lines: inout [String], _ label: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        lines.append("\(label): \(escape(value).replacingOccurrences(of: "\n", with: "<br>"))")
    }

    static func escape(_ text: String) -> String { ChatTranscript.escape(text) }
}
