import Synchronization

/// Keeps secrets out of logs, metric labels and error messages. Process-wide via ``shared``.
///
/// Three rules, applied by ``Logger`` to every line and available to anyone via ``redact(_:)``:
/// 1. a field whose key contains `token`, `secret`, `password`, `authorization`, `api_key`,
///    `apikey` or `access_key` (case-insensitive, `-` treated as `_`) has its value replaced by
///    `***` (see ``isSensitiveKey(_:)``; note this also masks harmless keys like `tokens_used`);
/// 2. every occurrence of a registered secret (``register(_:)``, at least 6 characters) is
///    replaced by `***`;
/// 3. URL passwords (`scheme://user:***@host`), `token=`/`access_token=`/`password=`/`secret=`
///    style parameters and `Bearer` credentials in free text are masked (``SensitiveTextMasker``).
///
/// How it can fail: a secret that was never registered and appears in an unrecognised shape
/// (e.g. a bare password in a sentence) passes through; a registered secret that is shorter
/// than 6 characters is ignored; encoded forms of a secret (percent- or base64-encoded) are not
/// matched unless registered too. When nothing is registered the cost is one atomic load plus a
/// single scan of the text that allocates nothing unless something is masked.
public final class SecretRedactor: Sendable {
    /// The process-wide redactor used by default by ``Logger`` and ``MetricsRegistry``.
    public static let shared = SecretRedactor()

    /// Replacement text for anything masked.
    public static let mask = "***"

    /// Registered secrets shorter than this (in characters) are ignored: they would mask
    /// ordinary words and numbers everywhere.
    public static let minimumSecretLength = 6

    /// Lower-case fragments that make a field key sensitive.
    public static let sensitiveKeyFragments = [
        "token", "secret", "password", "authorization", "api_key", "apikey", "access_key",
    ]
    private static let sensitiveKeyFragmentBytes = sensitiveKeyFragments.map { Array($0.utf8) }

    /// Registered secrets as UTF-8, longest first so a secret containing another is masked whole.
    private let secrets = Mutex<[[UInt8]]>([])
    /// Number of registered secrets, readable without the lock (fast path).
    private let secretCount = Atomic<Int>(0)

    public init() {}

    /// Registers a secret value (a Redis password, an API token ...) to be masked wherever it
    /// appears. Strings shorter than ``minimumSecretLength`` are ignored; duplicates are ignored.
    public func register(_ secret: String) {
        guard secret.count >= Self.minimumSecretLength else { return }
        let bytes = Array(secret.utf8)
        secrets.withLock { list in
            guard !list.contains(bytes) else { return }
            list.append(bytes)
            list.sort { $0.count > $1.count }
            secretCount.store(list.count, ordering: .releasing)
        }
    }

    /// Number of registered secrets.
    public var registeredCount: Int {
        secretCount.load(ordering: .acquiring)
    }

    /// True when a field with this key must never show its value.
    public static func isSensitiveKey(_ key: String) -> Bool {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(key.utf8.count)
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): normalized.append(byte | 0x20)
            case UInt8(ascii: "-"): normalized.append(UInt8(ascii: "_"))
            default: normalized.append(byte)
            }
        }
        return sensitiveKeyFragmentBytes.contains { ByteSearch.firstIndex(of: $0, in: normalized[...]) != nil }
    }

    /// The value to show for field `key`: `***` for sensitive keys, otherwise ``redact(_:)``.
    public func redact(field key: String, value: String) -> String {
        Self.isSensitiveKey(key) ? Self.mask : redact(value)
    }

    /// `text` with registered secrets and recognisable credentials replaced by `***`.
    public func redact(_ text: String) -> String {
        var result = text
        if secretCount.load(ordering: .acquiring) > 0 {
            for secret in secrets.withLock({ $0 }) {
                if let replaced = ByteSearch.replacingAll(secret, in: result, with: Self.maskBytes) {
                    result = replaced
                }
            }
        }
        return SensitiveTextMasker.mask(result)
    }

    private static let maskBytes: [UInt8] = Array(mask.utf8)
}
