// The libFuzzer target over the ingest's parsers; what each input exercises is in FuzzTargets.swift.
//
// scripts/fuzz.sh builds it with `-sanitize=fuzzer,address -DFUZZING`: `main` then hands the command line to
// libFuzzer's driver (`LLVMFuzzerRunDriver`), which calls the entry point below for every input. A plain
// `swift build` (no -DFUZZING, no libFuzzer linked) gets a replay tool from the same `main` instead:
// `IngestFuzz <file>...` runs each file once through the entry point (e.g. a crash file, or the seed corpus).
//
// Why `@main` and not libFuzzer's own `main`: SwiftPM links every executable target with `--defsym
// main=<Target>_main`, so the target must define its entry; the file is not called main.swift, so there is no
// top-level code and no `-parse-as-library` is needed.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

#if FUZZING
/// libFuzzer's documented entry for programs with their own `main` (compiler-rt FuzzerDriver.cpp).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt
#endif

@main
enum IngestFuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { fuzz($0, $1) }))
        #else
        replay(CommandLine.arguments.dropFirst())
        #endif
    }

    static func replay(_ paths: ArraySlice<String>) {
        guard !paths.isEmpty else {
            print("usage: IngestFuzz <input file>...   (replays inputs; scripts/fuzz.sh builds the libFuzzer binary)")
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(1)
            }
            let bytes = [UInt8](data)
            bytes.withUnsafeBytes { raw in
                _ = fuzz(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, raw.count)
            }
            print("ok \(path) (\(bytes.count) bytes)")
        }
    }
}
