// The libFuzzer target for the session and layout parsers; scripts/fuzz builds and runs it.
// Built with `-D FUZZING -sanitize=fuzzer,address` it is a fuzzer: main hands over to libFuzzer's
// driver (SwiftPM links an executable's main under its own name, so libFuzzer's main is not used).
// The ordinary `swift build` compiles the stub below, so the package builds and tests as before.
#if FUZZING
import Foundation
import SessionModel
import WerkbladDocuments

/// The layout parser reads only files: each input is written here first.
private let layoutPath = NSTemporaryDirectory() + "/werkblad-fuzz-\(getpid()).yaml"

private func writeLayoutFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Bool {
    let fd = open(layoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var done = 0
    while done < size {
        let n = write(fd, data + done, size - done)
        if n < 0 { if errno == EINTR { continue }; return false }
        done += n
    }
    return true
}

/// Every input goes through both parsers. A `Diagnostic` is a refusal, not a failure; any other
/// error is a bug (the parsers promise to throw only diagnostics), and so is a trap or a sanitizer report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do {
        _ = try SessionParser(data: bytes, file: "fuzz.yaml").parse()
    } catch is Diagnostic {
    } catch {
        fatalError("session parser threw a non-Diagnostic error: \(error)")
    }
    if writeLayoutFile(data, size) {
        do {
            _ = try WerkbladLayout.load(path: layoutPath)
        } catch is Diagnostic {
        } catch {
            fatalError("layout parser threw a non-Diagnostic error: \(error)")
        }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        atexit { unlink(layoutPath) }   // a crash skips it: the file is small and in the temporary folder
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))
    }
}
#else
@main
struct FuzzStub {
    static func main() {
        print("werkblad-fuzz is built without -D FUZZING; run scripts/fuzz")
    }
}
#endif
