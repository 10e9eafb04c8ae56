import Foundation

/// Planfix click-to-call (`call.make` jobs from the ingest): rings the UIS employee mapped to the Planfix
/// extension, then connects them to the client, with UIS `start.employee_call` from the tenant's outgoing number.
///
/// How it fails, always with a clear job error, a log line and `telephony_click_to_call_total{result}`: an
/// extension no synced employee has, or a tenant without an outgoing number → dead letter at once (retrying cannot
/// help); UIS refusing the call (employee without an active phone, number not ours, blacklist) → dead letter with
/// UIS's reason; anything transient is retried only until the job's deadline (60 s), then dropped as expired —
/// a click is never rung minutes later.
public struct ClickToCall: Sendable {
    /// «Всегда отображать номер»: the outgoing number is always the caller id the client sees (we use one configured
    /// number whatever the employee); with the option on, the employee is shown it too (`show_virtual_phone_number`).
    /// The exact meaning of the LK option is not documented: this reading is ours.
    public static let alwaysShowNumberShowsItToTheEmployee = true

    public let clients: TenantClients
    public let directory: EmployeeDirectory
    public let registry: MetricsRegistry

    public init(clients: TenantClients, directory: EmployeeDirectory, registry: MetricsRegistry = .shared) {
        self.clients = clients
        self.directory = directory
        self.registry = registry
    }

    public var kind: JobKind {
        JobKind(FleetJobs.Kind.makeCall, payload: MakeCallJob.self,
                retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(5), jitter: true)) { job, context in
            try await run(job, context: context)
        }
    }

    public func run(_ job: MakeCallJob, context: JobContext) async throws {
        let tenant = context.job.tenant
        do {
            let settings = try await clients.tenantSettings(tenant)
            guard let outgoing = settings.telephony.outgoingNumber.flatMap({ PhoneNumber(parsing: $0) }) else {
                throw JobFailure.permanent("click-to-call needs telephony.outgoing_number in the tenant's settings", errorClass: "not-configured")
            }
            guard let employee = try await directory.snapshot(tenant: tenant)?.byExtension(job.fromExtension) else {
                throw JobFailure.permanent("no synced employee has extension \(job.fromExtension); sync employees (fleetctl employees sync) or fix the extension in Planfix",
                                           errorClass: "unknown-extension")
            }
            guard let contact = job.toE164 else {
                throw JobFailure.permanent("cannot dial \(job.to): not a phone number", errorClass: "bad-number")
            }
            var request = UISEmployeeCallRequest(firstCall: .employee, virtualPhoneNumber: String(outgoing.e164.dropFirst()),
                                                 contact: String(contact.dropFirst()), employee: .init(id: employee.uisEmployeeId),
                                                 externalId: "planfix-\(context.job.id)", direction: .out)
            if settings.telephony.alwaysShowNumber && Self.alwaysShowNumberShowsItToTheEmployee { request.showVirtualPhoneNumber = true }
            let call = try await clients.uisCall(tenant).startEmployeeCall(request, holder: context.job.id)
            count("started")
            context.logger.info("click_to_call.started", "UIS is ringing the employee",
                                ["extension": job.fromExtension, "uis_employee": String(employee.uisEmployeeId), "call_session": String(call.data)])
        } catch let failure as JobFailure {
            count(failure.kind == .permanent ? failure.errorClass : "retry")
            context.logger.warning("click_to_call.failed", failure.message, ["extension": job.fromExtension, "error_class": failure.errorClass])
            throw failure
        }
    }

    private func count(_ result: String) {
        registry.counter("telephony_click_to_call_total", help: "Click-to-call requests by result.", labels: ["result": result]).inc()
    }
}
