import Foundation

/// Call API `start.employee_call` (UIS §3.2): checks the parameters and the documented method errors
/// (`virtual_phone_number_not_found` -32007, `employee_not_found`, `no_active_phone_number`,
/// `own_virtual_phone_number_not_allowed`, `invalid_parameters_combination`), then returns a new
/// `call_session_id` and adds the call to `get.calls_report` (source `callapi`, direction as given).
enum UISCallHandlers {
    static func startEmployeeCall(_ call: UISCall) throws(RPCError) -> (JSONValue, Int) {
        let p = call.params
        try p.allowOnly(["access_token", "user_id", "first_call", "virtual_phone_number", "contact", "employee", "show_virtual_phone_number",
                         "direction", "external_id", "switch_at_once", "early_switching", "media_file_id", "dtmf_string",
                         "contact_message", "employee_message"])
        let firstCall = try p.string("first_call", required: true)!
        guard firstCall == "employee" || firstCall == "contact" else { throw RPCError.invalid("first_call", .string(firstCall)) }
        let virtual = try p.string("virtual_phone_number", required: true)!
        let contact = try p.string("contact", required: true)!
        let employee = try p.object("employee", required: true)!
        try employee.allowOnly(["id", "phone_number"])
        let employeeId = try employee.int("id", required: true)!
        let employeePhone = try employee.string("phone_number")
        let direction = try p.string("direction") ?? "out"
        guard direction == "in" || direction == "out" else { throw RPCError.invalid("direction", .string(direction)) }
        _ = try p.bool("show_virtual_phone_number")
        let switchAtOnce = try p.bool("switch_at_once") ?? false
        if try p.bool("early_switching") == true, !(firstCall == "employee" && switchAtOnce) {
            throw RPCError(-32602, "invalid_parameters_combination", field: "early_switching")
        }
        let externalId = try p.string("external_id")
        guard Phone.digits(contact) == contact, (10...15).contains(contact.count) || contact.count <= 5 else {
            throw RPCError.invalid("contact", .string(contact))
        }
        let own = call.tenant.uis.virtualNumbers
        guard own.contains(virtual) else { throw RPCError(-32007, "virtual_phone_number_not_found", field: "virtual_phone_number", value: .string(virtual)) }
        if own.contains(contact) { throw RPCError(-32602, "own_virtual_phone_number_not_allowed", field: "contact", value: .string(contact)) }
        guard let emp = call.tenant.uisEmployees.first(where: { $0.id == employeeId }) else {
            throw RPCError(-32602, "employee_not_found", field: "employee.id", value: .int(employeeId))
        }
        let phones = (emp.phones ?? []) + (emp.extension_.map { [$0] } ?? [])
        if phones.isEmpty { throw RPCError(-32602, "no_active_phone_number", field: "employee.id", value: .int(employeeId)) }
        if let employeePhone, !phones.contains(employeePhone) {
            throw RPCError(-32602, "no_active_phone_number", field: "employee.phone_number", value: .string(employeePhone))
        }
        let session: Int64 = call.state { s in
            let id = s.allocateUISId()
            let now = UISDates.format(Date())
            s.callSessions.append(["call_session_id": .int(id), "employee_id": .int(employeeId), "contact": .string(contact),
                                   "virtual_phone_number": .string(virtual), "external_id": .optional(externalId), "first_call": .string(firstCall)])
            s.uisCalls.append(["id": .int(id), "start_time": .string(now), "finish_time": .string(now), "direction": .string(direction),
                               "source": "callapi", "is_lost": false, "contact_phone_number": .string(contact),
                               "virtual_phone_number": .string(virtual), "communication_id": .int(id), "communication_type": "call",
                               "call_api_external_id": .optional(externalId), "last_talked_employee_id": .int(employeeId)])
            return id
        }
        call.effect("call.started", ["call_session_id": .int(session), "employee_id": .int(employeeId), "contact": .string(contact),
                                     "external_id": .optional(externalId)])
        return (["call_session_id": .int(session)], 0)
    }
}
