// sync-fuzz: the frame and batch decoders under libFuzzer. Build and run (README, "Fuzzing"):
//
//   swift build --product sync-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
//   .build/debug/sync-fuzz -max_total_time=3600 Tools/SyncFuzz/corpus
//
// Built without -DFUZZING it replays files and folders given as arguments, as the tests
// replay Tools/SyncFuzz/corpus.
import Foundation
import LedgerSync

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func syncFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = SyncFuzzing.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
@main
struct SyncFuzzReplay {
    static func main() throws {
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
    }
}
#endif
