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

    /// Writes `text` to a file and reads it with both parsers: each returns or throws a `Diagnostic`,
    /// never traps. The session's warnings, if it parsed.
    static func parseBoth(_ text: String, name: String = "fuzz.yaml") throws -> [Diagnostic]? {
        let path = Fixture.temporaryDirectory() + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do { _ = try WerkbladLayout.load(path: path) } catch is Diagnostic {}
        do { return try SessionParser(file: path).parse().warnings } catch is Diagnostic { return nil }
    }

    struct Finding: Sendable, CustomTestStringConvertible {
        var text: String
        var testDescription: String
    }

    /// Crash 1 (Swift runtime failure "Range requires lowerBound <= upperBound" in
    /// `YAMLReader.locate(_:from:)`, from the Chatham House check): libyaml counts a lone CR, CR LF,
    /// U+2028 and U+2029 as line breaks, `locate` split the text only at LF (CR LF is one Character),
    /// so a name's line lay past the last line it knew. Any CRLF session with a participant's name in
    /// a text trapped. The fuzzer's input, minimized, and the shapes behind it.
    static let lineBreakFindings = [
        Finding(text: "sessie:\n  deelnemers: [\"Pieter\"]\n  aanleiding: \"\r\r\"\nkennismaken:\n dilemma: Pieter",
                testDescription: "minimized: lone CRs inside a quoted value"),
        Finding(text: "sessie:\r\n  deelnemers: [\"Pieter\"]\r\nkennismaken:\r\n  dilemma: Pieter\r\n", testDescription: "CR LF line ends"),
        Finding(text: "sessie:\r  deelnemers: [\"Pieter\"]\rkennismaken:\r  dilemma: Pieter\r", testDescription: "CR line ends"),
        Finding(text: "sessie:\n  deelnemers: [\"Pieter\"]\n  aanleiding: \"a\u{2028}\u{2028}\u{2029}b\"\nkennismaken:\n  dilemma: Pieter\n",
                testDescription: "U+2028 and U+2029 inside a quoted value"),
    ]

    @Test(arguments: lineBreakFindings)
    func aNameAfterOtherLineBreaksIsFoundNotATrap(finding: Finding) throws {
        let warnings = try #require(try Self.parseBoth(finding.text))
        #expect(warnings.contains { $0.code == .participantName }, "\(warnings)")
    }

    /// Crash 2 (Swift runtime failure "Index out of range" in `YAMLReader.missingColonLine`, while
    /// explaining a missing colon): it split the text only at LF, libyaml's mark counted lone CRs
    /// as line ends, so the line before the mark lay past the last line. Found in 9,983 runs from
    /// a sample with a run of CRs in a key; minimized shapes here, each must give a Dutch error.
    @Test(arguments: [
        "sessie:\n  titel: x\n  gespreksl\r\r\r\r\r\r\r\r\r\rder: \"Sanne\"\n  dilemma-eigenaa!!str r: \"R\"\nkennismake\n n: x\n",
        "sessie:\r\r\r\r\r\r\r\r  titel x\n  datum: y\n",
        "a\r\r\r\r\r\r\r\r\r\r\r\r\nb c\nd: e\n",
    ])
    func aMissingColonAfterLoneCarriageReturnsIsExplainedNotATrap(text: String) throws {
        let path = Fixture.temporaryDirectory() + "/cr.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: Diagnostic.self) { try SessionParser(file: path).parse() }
    }

    /// The name is reported where an editor shows it, whatever ends the lines.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func theNameStandsAtItsLineAndColumn(lineEnd: String) throws {
        let text = ["sessie:", "  deelnemers: [\"Pieter\"]", "kennismaken:", "  dilemma: Over Pieter", ""].joined(separator: lineEnd)
        let warnings = try #require(try Self.parseBoth(text))
        let warning = try #require(warnings.first { $0.code == .participantName })
        #expect(warning.position.line == 4 && warning.position.column == 17, "\(warning)")
    }
}
