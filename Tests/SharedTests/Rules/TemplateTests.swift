import Testing
@testable import Shared

@Suite struct TemplateTests {
    static func render(_ t: String, _ p: [String: String], flow: RuleFlow = .incomingCall, max: Int = 200) -> String {
        MessageTemplate(t).render(RuleEvent(flow: flow, parameters: p), maxLength: max)
    }

    @Test(arguments: [
        (TemplateSlot.incomingCallTitle, "Входящий звонок от +79001234567 на +74951234567"),
        (.outgoingCallTitle, "Исходящий звонок на +79001234567"),
        (.lostCallTitle, "Потерянный звонок от +79001234567 на +74951234567"),
        (.leadContactName, "Мария +79161234567"),
        (.leadTaskTitle, "Заявка с сайта shop.example.ru от Мария (+79161234567)"),
        (.chatContactName, "Алексей +79261234567"),
        (.chatTaskTitle, "Чат Telegram-бот магазина с посетителем +79261234567"),
    ])
    func defaultTemplatePreview(_ slot: TemplateSlot, _ expected: String) {
        #expect(slot.preview(nil) == expected)
        #expect(slot.preview(slot.defaultTemplate) == expected)
        #expect(MessageTemplate(slot.defaultTemplate).problems(in: slot.flow.catalogue).isEmpty)
    }

    @Test(arguments: [
        (TemplateSlot.incomingCallTitle, "Входящий звонок"),
        (.outgoingCallTitle, "Исходящий звонок"),
        (.lostCallTitle, "Потерянный звонок"),
        (.leadContactName, "Посетитель сайта"),
        (.leadTaskTitle, "Заявка с сайта"),
        (.chatContactName, "Посетитель сайта"),
        (.chatTaskTitle, "Чат с посетителем"),
    ])
    func defaultTemplateWithNothingKnown(_ slot: TemplateSlot, _ expected: String) {
        let out = slot.render(nil, RuleEvent(flow: slot.flow, parameters: [:]))
        #expect(out == expected)
    }

    @Test func resetReturnsTheDefault() {
        #expect(TemplateSlot.incomingCallTitle.defaultTemplate == "Входящий звонок от {{caller_number}} на {{virtual_number}}")
        #expect(TemplateSlot.allCases.allSatisfy { !$0.defaultTemplate.isEmpty })
        #expect(TemplateSlot.incomingCallTitle.render("{{site}}", RuleEvent(flow: .incomingCall, parameters: ["caller_number": "1"])) == "Входящий звонок от 1",
                "a template rendering empty falls back to the default")
    }

    @Test func everyCatalogueParameterRendersItsSampleValue() {
        for catalogue in TemplateCatalogue.allCases {
            let flow: RuleFlow = catalogue == .calls ? .incomingCall : catalogue == .leads ? .lead : .chat
            let sample = SampleEvents.event(for: flow)
            for p in catalogue.parameters {
                let value = sample.parameters[p.key]
                #expect(value != nil, "sample event of \(flow) lacks \(p.key)")
                #expect(!p.label.isEmpty)
                let out = Self.render("[\(p.key)] = {{\(p.key)}}.", sample.parameters, flow: flow, max: 2000)
                #expect(out == "[\(p.key)] = \(value ?? "?").", "\(p.key)")
            }
        }
    }

    @Test(arguments: [
        ("Звонок {{caller_number}} - {{site}}", ["site": "a.ru"], "Звонок a.ru"),
        ("Звонок {{caller_number}} - {{site}}", ["caller_number": "1"], "Звонок 1"),
        ("{{caller_number}}, {{site}}, {{campaign}}", ["campaign": "C"], "C"),
        ("{{caller_number}}, {{site}}, {{campaign}}", ["caller_number": "A", "campaign": "C"], "A, C"),
        ("Звонок ({{site}})", [:], "Звонок"),
        ("Звонок [{{site}}] «{{campaign}}»", ["campaign": "C"], "Звонок «C»"),
        ("Входящий звонок от {{caller_number}}", [:], "Входящий звонок"),
        ("Входящий звонок от {{caller_number}} на {{virtual_number}}", ["virtual_number": "V"], "Входящий звонок на V"),
        ("  Звонок   {{site}}   из   {{source}}  ", ["site": "  a.ru "], "Звонок a.ru"),
        ("{{site}} | {{source}} / {{campaign}}", ["campaign": "C"], "C"),
        ("{{site}} | {{source}} / {{campaign}}", ["site": "S"], "S"),
        ("Санкт-Петербург: {{site}}", [:], "Санкт-Петербург"),
        ("Ссылка {{site}}", ["site": "https://a.ru/x"], "Ссылка https://a.ru/x"),
        ("{{caller_number}} - {{site}} - {{campaign}}", ["site": "S"], "S"),
        ("Звонок {{caller_number}}, {{site}}", ["site": "S"], "Звонок S"),
    ])
    func missingValuesCollapse(_ template: String, _ p: [String: String], _ expected: String) {
        #expect(Self.render(template, p) == expected)
    }

    @Test func sanitisesValues() {
        let out = Self.render("Звонок {{contact_name}}", ["contact_name": "Иван\n<b>Петров</b>\u{0007}\tмл."])
        #expect(out == "Звонок Иван bПетров/b млb.".replacingOccurrences(of: "млb.", with: "мл."))
        #expect(!out.contains("<") && !out.contains(">") && !out.contains("\n"))
        #expect(Self.render("A {{site}}", ["site": "{{caller_number}}"]) == "A {{caller_number}}", "values are not re-expanded")
    }

    @Test func capsLength() {
        let long = String(repeating: "слово ", count: 100)
        let out = Self.render("Звонок {{site}}", ["site": long], max: 200)
        #expect(out.count <= 200)
        #expect(out.hasSuffix("…"))
        #expect(!out.contains("  "))
        #expect(TemplateSlot.incomingCallTitle.maxLength == 200 && TemplateSlot.chatContactName.maxLength == 100)
    }

    @Test func validationNamesUnknownParameters() {
        let t = MessageTemplate("Звонок {{caller_number}} {{foo}} {{ bar_1 }} {{foo}}")
        #expect(t.problems(in: .calls) == ["unknown parameter {{foo}}", "unknown parameter {{bar_1}}"])
        #expect(MessageTemplate("{{visitor_name}}").problems(in: .calls) == ["unknown parameter {{visitor_name}}"])
        #expect(MessageTemplate("{{visitor_name}}").problems(in: .leads).isEmpty)
        #expect(MessageTemplate("Звонок {{caller_number").problems(in: .calls) == ["unclosed placeholder \"{{\""])
        #expect(MessageTemplate("Звонок {{a b}}").problems(in: .calls) == ["malformed placeholder \"{{a b}}\""])
    }
}
