import Foundation
import Glibc
import Shared

/// fleetctl: the operator's tool for queues, dead letters and jobs.
///
/// Exit codes: 0 success, 1 failure (Redis unreachable, id not found, refused), 2 wrong usage.
@main
struct Fleetctl {
    static let usage = """
        usage: fleetctl [--json] COMMAND ...
          queues                                     depths, oldest age and counters of every queue
          dlq list   [FILTERS] [--limit N]           dead letters, oldest first (default limit 50)
          dlq show   ID [--queue Q]                  one dead letter with its whole error history
          dlq retry  (ID... | FILTERS | --all) [--rate N/s]   enqueue dead letters again
          dlq purge  (ID... | FILTERS | --all) --yes          delete dead letters for good
          dlq export FILE [FILTERS]                  write dead letters as JSON lines (secrets redacted)
          job show   ID                              where a job is and its envelope
          tenant list | show T | export T [FILE]     tenants' settings (secrets shown as *** unless --with-secrets)
          tenant validate FILE                       every problem of a settings document, with its path
          tenant import FILE --tenant T [--expect-version N]   validate, then store as the next version
          tenant delete T --yes
          tenant setup-guide T [--base-url URL] [--with-secrets]   what to paste into UIS and Planfix
          tenant new-secret                          a random webhook secret for connection.webhook_secret
          employees sync --tenant T (--all | --ids 1,2,3)   queue an employee sync (the employee-sync worker runs it)
          employees show --tenant T                  last sync (status, time, unmatched) and the mapping in force
          template preview --slot SLOT [--tenant T [--recent] | --text TEXT]   render with a sample or a recent event
          rules dry-run --tenant T [--since AGE] [--settings FILE] [--limit N]   what the settings would have created
        FILTERS: --queue Q --tenant T --class C --kind K --older-than AGE --newer-than AGE  (AGE: 90s, 15m, 2h, 3d)
        environment: REDIS_URL (default redis://127.0.0.1:6379/0), REDIS_SENTINELS, REDIS_MASTER_NAME
        """

    static func main() async {
        var args: CommandLineArguments
        do {
            args = try CommandLineArguments(Array(CommandLine.arguments.dropFirst()),
                                            valued: ["queue", "tenant", "class", "kind", "older-than", "newer-than", "limit", "rate",
                                                     "slot", "text", "expect-version", "since", "settings", "base-url", "ids"])
        } catch {
            fail("\(error)\n\(usage)", code: 2)
        }
        let output = Output(json: args.flag("json"))
        if args.flag("help") || args.positional.isEmpty { print(usage); exit(args.positional.isEmpty ? 2 : 0) }
        do {
            let resolver = try RedisEndpointResolver.fromEnvironment(ProcessInfo.processInfo.environment)
            let redis = RedisClient(resolver: resolver, name: "fleetctl", connectTimeout: .seconds(2), commandTimeout: .seconds(10))
            // Validating a settings file and previewing a given text need no Redis.
            let offline = args.positional.starts(with: ["tenant", "validate"]) || args.positional == ["tenant", "new-secret"]
                || args.positional == ["template", "preview"] && args.has("text")
            if !offline {
                do {
                    try await redis.send(["PING"])
                } catch {
                    fail("cannot reach Redis at \(resolver.description): \(error)", code: 1)
                }
            }
            let commands = Commands(redis: redis, output: output)
            try await commands.run(&args)
            redis.close()
        } catch let error as UsageError {
            fail("\(error)\n\(usage)", code: 2)
        } catch let error as QueueError {
            fail(error.message, code: 1)
        } catch let error as SettingsInvalid {
            fail("\(error)", code: 1)
        } catch {
            fail("\(error)", code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data(("fleetctl: " + SecretRedactor.shared.redact(message) + "\n").utf8))
        exit(code)
    }
}
