import Foundation

/// The Data API `get.*` methods (UIS §2.2-2.5, UCLD §2.2-2.4): `get.employees`, `get.calls_report`,
/// `get.chats_report`, `get.chat_messages_report`, `get.offline_messages_report`. Reports require
/// `date_from`/`date_till` (at most 3 months apart, 30 days for chat messages) and filter rows on their
/// date field. Errors are `RPCError`s with the UIS mnemonics.
enum UISReportHandlers {
    static let common: Set<String> = ["access_token", "user_id", "limit", "offset", "fields", "filter", "sort"]

    static let callDefaults = ["id", "start_time", "finish_time", "finish_reason", "direction", "cpn_region_id", "cpn_region_name",
        "cpn_country_name", "cpn_country_id", "source", "is_lost", "contact_phone_number", "communication_id", "communication_type",
        "wait_duration", "total_wait_duration", "talk_duration", "clean_talk_duration", "total_duration", "call_records",
        "wav_call_records", "full_record_file_link", "virtual_phone_number"]
    static let callExtras = ["employees", "first_answered_employee_id", "first_answered_employee_full_name", "last_answered_employee_id",
        "last_answered_employee_full_name", "first_talked_employee_id", "first_talked_employee_full_name", "last_talked_employee_id",
        "last_talked_employee_full_name", "operator_phone_number", "scenario_id", "scenario_name", "site_id", "site_domain_name",
        "campaign_id", "campaign_name", "tags", "contact_id", "contact_full_name", "call_api_external_id", "call_api_request_id",
        "visitor_id", "person_id", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "channel", "source_name"]
    static let chatDefaults = ["id", "status", "initiator", "date_time", "duration", "answer_time", "communication_id", "chat_ad_url",
        "is_group_chat", "is_transfer", "release_cause", "employee_id", "employee_raiting", "site_id", "campaign_id",
        "visitor_phone_number", "visitor_id", "visitor_ids"]
    static let chatExtras = ["communication_number", "communication_type", "ext_id", "messages_count", "chat_channel_id",
        "chat_channel_type", "chat_channel_name", "chat_user_id", "chat_username", "employee_full_name", "employee_messages_count",
        "tags", "site_domain_name", "campaign_name", "person_id", "visitor_type", "utm_source", "utm_medium", "utm_campaign",
        "utm_term", "utm_content", "channel", "source_name", "sale_date", "sale_cost"]
    static let messageDefaults = ["id", "chat_id", "date_time", "is_group_chat", "visitor_id", "text", "source", "resource",
        "employee_id", "employee_full_name"]
    static let offlineDefaults = ["id", "text", "communication_id", "is_agree_to_process_personal_data", "is_agree_to_mailing", "status",
        "form_type", "properties", "employee_id", "site_id", "campaign_id", "visitor_phone_number", "visitor_email", "visitor_name",
        "visitor_id", "visitor_session_id"]
    static let offlineExtras = ["date_time", "process_time", "form_name", "group_id", "group_name", "employee_full_name",
        "employee_answer_message", "employee_comment", "tags", "site_domain_name", "campaign_name", "communication_number",
        "communication_type", "ext_id", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "person_id",
        "channel", "source_name"]
    static let employeeDefaults = ["id", "login", "first_name", "last_name", "patronymic", "full_name", "email", "status_id",
        "phone_numbers", "extension", "groups"]

    static func query(_ defaults: [String], _ extras: [String], _ rows: [JSONValue]) -> UISReportQuery {
        var known = Set(defaults + extras)
        for r in rows { if let o = r.objectValue { known.formUnion(o.keys) } }
        return UISReportQuery(defaultFields: defaults, knownFields: known)
    }

    /// Checks the date window and keeps rows whose `dateField` lies inside it.
    static func window(_ p: UISParams, _ rows: [JSONValue], dateField: String, months: Int?, days: Int?) throws(RPCError) -> [JSONValue] {
        guard let from = try p.dateTime("date_from", required: true), let till = try p.dateTime("date_till", required: true) else { return [] }
        if from > till { throw RPCError.invalid("date_till", p.raw["date_till"]) }
        if let months, UISDates.exceeds(from, till, months: months) { throw RPCError(-32602, "date_interval_limit_reached", field: "date_till") }
        if let days, till.timeIntervalSince(from) > Double(days) * 86_400 {
            throw RPCError(-32602, "date_interval_limit_reached", message: "Max value of requested date interval is \(days) days", field: "date_till")
        }
        return rows.filter { r in
            guard let s = r[dateField]?.stringValue, let d = UISDates.parse(s) else { return false }
            return d >= from && d <= till
        }
    }

    static func employees(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        try call.params.allowOnly(common)
        let rows: [JSONValue] = call.tenant.uisEmployees.map { e in
            let parts = e.fullName.split(separator: " ").map(String.init)
            return ["id": .int(e.id), "login": .optional(e.email), "full_name": .string(e.fullName),
                    "first_name": .optional(parts.first), "last_name": .optional(parts.count > 1 ? parts[1] : nil), "patronymic": .null,
                    "email": .optional(e.email), "status_id": e.statusId.map { .int($0) } ?? 1,
                    "phone_numbers": .array((e.phones ?? []).enumerated().map { i, ph in
                        ["phone_id": JSONValue(i + 1), "phone_number": .string(ph), "channels_count": 1, "dial_time": 30, "status": "active"]
                    }),
                    "extension": ["extension_phone_number": .optional(e.extension_), "extension_voice_mail_enabled": false,
                                  "extension_queue_enabled": false],
                    "groups": []]
        }
        return try query(employeeDefaults, [], rows).run(rows, call.params)
    }

    static func calls(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        try call.params.allowOnly(common.union(["date_from", "date_till", "include_ongoing_calls"]))
        _ = try call.params.bool("include_ongoing_calls")
        let all = call.state { $0.uisCalls }
        let rows = try window(call.params, all, dateField: "start_time", months: 3, days: nil)
        return try query(callDefaults, callExtras, all).run(rows, call.params)
    }

    static func chats(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        try call.params.allowOnly(common.union(["date_from", "date_till"]))
        let all = call.state { $0.uisChats }
        let rows = try window(call.params, all, dateField: "date_time", months: 3, days: nil)
        return try query(chatDefaults, chatExtras, all).run(rows, call.params)
    }

    static func chatMessages(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(common.union(["date_from", "date_till", "chat_id", "chat_ids"]))
        let all = call.state { $0.uisChatMessages }
        var rows = all
        let chatId = try p.int("chat_id")
        let chatIds = try p.array("chat_ids")
        if let chatIds, chatIds.contains(where: { $0.intValue == nil }) { throw RPCError.wrongType("chat_ids", .array(chatIds)) }
        if chatId == nil && chatIds == nil && p.raw["date_from"] == nil { throw RPCError.missing("chat_id") }
        if p.raw["date_from"] != nil || p.raw["date_till"] != nil {
            rows = try window(p, rows, dateField: "date_time", months: nil, days: 30)
        }
        if let chatId { rows = rows.filter { $0["chat_id"]?.intValue == chatId } }
        if let chatIds { let set = Set(chatIds.compactMap(\.intValue)); rows = rows.filter { $0["chat_id"]?.intValue.map(set.contains) ?? false } }
        return try query(messageDefaults, ["channel_id", "channel_type"], all).run(rows, p)
    }

    static func offlineMessages(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        try call.params.allowOnly(common.union(["date_from", "date_till", "include_tech_offline_messages"]))
        _ = try call.params.bool("include_tech_offline_messages")
        let all = call.state { $0.uisOfflineMessages }
        let rows = try window(call.params, all, dateField: "date_time", months: 3, days: nil)
        return try query(offlineDefaults, offlineExtras, all).run(rows, call.params)
    }
}
