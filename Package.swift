// swift-tools-version:6.0
// The UIS <-> Planfix integration fleet. No Swift package dependencies: Foundation, Dispatch, Glibc,
// the toolchain's Synchronization module, and Debian's libhiredis-dev as a system library.
import PackageDescription

let package = Package(
    name: "UISPlanfixFleet",
    products: [
        .executable(name: "ingest", targets: ["Ingest"]),
        .executable(name: "fleetctl", targets: ["Fleetctl"]),
        .executable(name: "test-worker", targets: ["TestWorker"]),
        .executable(name: "sandbox", targets: ["Sandbox"]),
        .executable(name: "employee-sync", targets: ["EmployeeSyncWorker"]),
        .executable(name: "telephony", targets: ["TelephonyWorker"]),
        .executable(name: "deals", targets: ["DealsWorker"]),
        .executable(name: "chats", targets: ["ChatsWorker"]),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            path: "Sources/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(name: "Shared", dependencies: ["CHiredis"], path: "Sources/Shared"),
        // The ingest: its routes in a library (so tests can drive them without sockets), its process in Main.
        .target(name: "IngestCore", dependencies: ["Shared"], path: "Sources/Ingest/Core"),
        .executableTarget(name: "Ingest", dependencies: ["IngestCore", "Shared"], path: "Sources/Ingest/Main"),
        // libFuzzer target for the HTTP parser and the notification normalisers (scripts/fuzz.sh builds it with
        // -sanitize=fuzzer,address -DFUZZING; a plain build is a tool that replays crash files).
        .executableTarget(name: "IngestFuzz", dependencies: ["Shared"], path: "Sources/Ingest/Fuzz"),
        .executableTarget(name: "Fleetctl", dependencies: ["Shared"], path: "Sources/Fleetctl"),
        // A worker with test job kinds (no-op, HTTP POST, crash, fail, retry-after ...), used by the
        // process tests and the benchmark. Real workers join Sources/Workers/<Kind>/ with their flows.
        .executableTarget(name: "TestWorker", dependencies: ["Shared"], path: "Sources/Workers/TestJobs"),
        .executableTarget(name: "EmployeeSyncWorker", dependencies: ["Shared"], path: "Sources/Workers/EmployeeSync"),
        .executableTarget(name: "TelephonyWorker", dependencies: ["Shared"], path: "Sources/Workers/Telephony"),
        .executableTarget(name: "DealsWorker", dependencies: ["Shared"], path: "Sources/Workers/Deals"),
        .executableTarget(name: "ChatsWorker", dependencies: ["Shared"], path: "Sources/Workers/Chats"),
        // The sandbox: one HTTP server playing Planfix REST, Planfix telephony and the UIS Data and Call APIs for
        // many tenants, with fault injection and a ledger, for tests, benchmarks and the local run command.
        .target(name: "SandboxCore", dependencies: ["Shared"], path: "Sources/SandboxCore"),
        .executableTarget(name: "Sandbox", dependencies: ["SandboxCore", "Shared"], path: "Sources/Sandbox"),
        // Private redis-servers, fleet processes and polling helpers for both test targets.
        .target(name: "TestSupport", dependencies: ["Shared"], path: "Tests/TestSupport"),
        .testTarget(name: "SharedTests", dependencies: ["Shared", "TestSupport"], path: "Tests/SharedTests"),
        .testTarget(name: "FleetTests", dependencies: ["Shared", "TestSupport"], path: "Tests/FleetTests"),
        .testTarget(name: "IngestTests", dependencies: ["IngestCore", "Shared", "TestSupport"], path: "Tests/IngestTests"),
        .testTarget(name: "SandboxTests", dependencies: ["SandboxCore", "Shared"], path: "Tests/SandboxTests"),
    ],
    swiftLanguageModes: [.v6]
)
