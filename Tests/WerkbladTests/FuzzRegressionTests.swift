import Foundation
import Testing
@testable import SessionModel
@testable import WerkbladDocuments

/// The fuzzer (scripts/fuzz, Sources/werkblad-fuzz) and what it found. Every crash it finds becomes
/// a case here: the minimized input, written to a file and parsed as a user's file would be, must
/// either parse or be refused with a `Diagnostic`.
@Suite("Fuzzing: the fuzzer's entry and its findings")
struct FuzzRegressionTests {
    /// The fuzzer hands the session parser bytes, not a file: it must read them exactly as the file.
    @Test(arguments: sampleFiles + [Fixture.resources.root + "/Layouts/werkblad-a3.yaml"])
    func bytesParseAsTheFileDoes(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let fromFile = Result { try SessionParser(file: path).parse() }
        let fromData = Result { try SessionParser(data: data, file: path).parse() }
        switch (fromFile, fromData) {
        case let (.success(a), .success(b)):
            #expect(a.session == b.session)
            #expect(a.warnings == b.warnings)
        case let (.failure(a), .failure(b)):
            #expect(a as? Diagnostic == b as? Diagnostic && a is Diagnostic)
        default:
            Issue.record("file: \(fromFile), bytes: \(fromData)")
        }
    }

    /// An input the fuzzer found; both parsers must return or throw a `Diagnostic`, never trap.
    static func parseBoth(_ bytes: [UInt8], name: String = "fuzz.yaml") throws {
        let path = Fixture.temporaryDirectory() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do { _ = try SessionParser(file: path).parse() } catch is Diagnostic {}
        do { _ = try WerkbladLayout.load(path: path) } catch is Diagnostic {}
    }
}
