import Foundation

/// What a tenant's administrator pastes into UIS and Planfix to connect them to the fleet: every webhook URL,
/// the UIS notification templates, the Planfix settings, and what is still missing in the tenant's settings.
///
/// Served by `fleetctl tenant setup-guide` and the ingest's admin API. The URLs carry the tenant's webhook
/// secret, so by default it is shown as `<webhook_secret>` (and the PBX key as `<pbx_key>`); `withSecrets`
/// shows the real values for the one person who pastes them.
public struct SetupGuide: Codable, Sendable, Equatable {
    /// One UIS notification («Уведомления → Добавить», channel HTTP).
    public struct Notification: Codable, Sendable, Equatable {
        /// Event type as the UIS LK names it.
        public var eventType: String
        public var method: String
        public var url: String
        public var body: String
    }

    public struct Step: Codable, Sendable, Equatable {
        public var title: String
        public var lines: [String]
    }

    public var tenant: String
    public var notifications: [Notification]
    public var steps: [Step]
    /// Settings the tenant still lacks for a flow to work.
    public var warnings: [String]

    /// Builds the guide. `baseURL` is the ingest's public address, e.g. `https://hooks.example.ru`.
    public init(tenant: String, settings: TenantSettings, baseURL: String, withSecrets: Bool) {
        self.tenant = tenant
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let secret = withSecrets ? (settings.connection.webhookSecret ?? "<webhook_secret>") : "<webhook_secret>"
        func url(_ route: WebhookRoute) -> String { "\(base)/hooks/\(tenant)/\(secret)/\(route.pathSuffix)" }

        notifications = UISCallEventType.allCases.map {
            Notification(eventType: $0.lkName, method: "POST", url: url(.uisCalls), body: UISNotificationTemplates.body($0))
        } + UISTextEventType.allCases.map {
            Notification(eventType: $0.lkName, method: "POST", url: url($0.flow == .lead ? .uisLeads : .uisChats),
                         body: UISNotificationTemplates.body($0))
        }
        let pbxKey = withSecrets ? (settings.connection.pbxKey ?? "<pbx_key>") : "<pbx_key>"
        steps = [
            Step(title: "UIS: уведомления о звонках, чатах и заявках", lines: [
                "Администратор → Аккаунт → Тарифы и опции: включите «Уведомления о событиях» и «API Базовый».",
                "Уведомления → Добавить: по одному уведомлению на каждый тип события из списка notifications, канал HTTP, метод POST, адрес и тело как указано.",
                "Тело вставляйте без изменений: поле \"event\" говорит сервису, что это за событие. Переменные, которых нет в списке «+» вашего ЛК, удалите.",
            ]),
            Step(title: "Planfix: API ПланФикса для телефоний", lines: [
                "Управление аккаунтом → Интеграции → Виртуальные АТС → «API ПланФикса для телефоний».",
                "Адрес АТС: \(url(.planfixTelephony))",
                "Ключ авторизации АТС: \(pbxKey)",
                "Заполните «Короткие номера сотрудников» и включите интеграцию: Planfix пришлёт cmd=setup, и сервис сохранит адрес и ключ Planfix.",
            ]),
            Step(title: "Planfix: передача сделок", lines: [
                "Два сценария автоматизации объекта сделки (задача создана, задача изменена) с действием «Послать HTTP-запрос».",
                "Метод POST, адрес \(url(.planfixDeals)), заголовок Content-Type: application/json, тело {\"task_id\": \"{{Задача.Номер}}\"}.",
                "Внимание: выключите «Сделки» в собственной интеграции UIS с Planfix для этого аккаунта, иначе выручка будет учтена дважды.",
                "В UIS: Сквозная аналитика → Интеграции → «Другая CRM» должна быть подключена, чтобы UIS строил отчёты по загруженным сделкам.",
            ]),
            Step(title: "UIS: переадресация на персонального менеджера", lines: [
                "В сценарии ВАТС добавьте операцию «Интерактивная обработка вызова»: адрес \(url(.uisRouting)), метод POST или GET, параметры numa, numb, call_session_id.",
                "Настройте связанную операцию для returned_code \(settings.telephony.routing.returnedCode): её выберет UIS, когда менеджер не найден.",
            ]),
        ]

        var warnings: [String] = []
        if settings.connection.webhookSecret == nil { warnings.append("connection.webhook_secret is not set: every webhook of this tenant is refused") }
        if settings.connection.pbxKey == nil { warnings.append("connection.pbx_key is not set: Planfix click-to-call and cmd=setup are refused") }
        if settings.connection.uisCallAPIToken == nil { warnings.append("connection.uis_call_api_token is not set: click-to-call cannot reach UIS") }
        if settings.connection.planfixRestToken == nil { warnings.append("connection.planfix_rest_token is not set: no contacts or tasks can be created") }
        if settings.deals.enabled { warnings.append("deals are enabled: make sure UIS's own «Сделки» switch is off for this account, or revenue is counted twice") }
        if settings.deals.enabled, settings.connection.uisDataAPIToken == nil {
            warnings.append("connection.uis_data_api_token is not set: deals cannot be uploaded to UIS")
        }
        self.warnings = warnings
    }

    /// Plain text for a terminal.
    public var text: String {
        var out = "Setup guide for tenant \(tenant)\n"
        for step in steps {
            out += "\n## \(step.title)\n" + step.lines.map { "  \($0)\n" }.joined()
        }
        out += "\n## UIS notifications (POST, JSON body)\n"
        for n in notifications { out += "\n  \(n.eventType)\n    URL:  \(n.url)\n    Body: \(n.body)\n" }
        if !warnings.isEmpty { out += "\nWarnings:\n" + warnings.map { "  - \($0)\n" }.joined() }
        return out
    }
}
