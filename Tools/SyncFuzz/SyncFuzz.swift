// sync-fuzz: the frame and batch decoders under libFuzzer. Build and run (README, "Fuzzing"):
//
//   swift build --scratch-path .build-fuzz --product sync-fuzz -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
//   .build-fuzz/debug/sync-fuzz -max_total_time=3600 Tools/SyncFuzz/corpus
//
// Built without -DFUZZING it replays files and folders given as arguments, as the tests
// replay Tools/SyncFuzz/corpus.
import Foundation
import LedgerSync

#if FUZZING
// libFuzzer's driver, entered from our own main: SwiftPM names an executable's entry point
// after its module, so libFuzzer's `main` is never the one linked.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                             _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// One input: what libFuzzer calls, directly or through the driver.
@_cdecl("LLVMFuzzerTestOneInput")
public func syncFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = SyncFuzzing.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif

@main
struct SyncFuzz {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = runFuzzerDriver(&argc, &argv, syncFuzzTestOneInput)
        exit(status)
        #else
        var files: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for file in files {
            let outcome = SyncFuzzing.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
            print("\(file): \(outcome.frames) frames, \(outcome.batches) batches, \(outcome.refusal.map(\.name) ?? "accepted")")
        }
        #endif
    }
}
