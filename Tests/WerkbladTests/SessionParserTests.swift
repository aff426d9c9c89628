import Foundation
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// Writes `text` as a session file and parses it.
func parseSession(_ text: String, name: String = "sessie.yaml") throws -> (Session, [Diagnostic]) {
    let path = Fixture.temporaryDirectory() + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try SessionParser(file: path).parse()
}

/// The error a session text gives; records an issue when it parses.
func sessionError(_ text: String) -> Diagnostic? {
    do {
        _ = try parseSession(text)
        Issue.record("expected an error for:\n\(text)")
        return nil
    } catch let d as Diagnostic {
        return d
    } catch {
        Issue.record("unexpected \(error)")
        return nil
    }
}

var sampleFiles: [String] {
    let dir = Fixture.resources.root + "/samples"
    return (try! FileManager.default.contentsOfDirectory(atPath: dir)).sorted().map { dir + "/" + $0 }
}

@Suite("Session files")
struct SessionParserTests {
    @Test(arguments: sampleFiles)
    func everySampleIsValid(path: String) throws {
        let (session, warnings) = try SessionParser(file: path).parse()
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(session.sessie.titel != nil)
    }

    /// A file saved with a byte order mark (as Windows Notepad may save UTF-8) reads as without
    /// one, and an error in it points at the same line and column.
    @Test func aByteOrderMarkIsNotPartOfTheText() throws {
        let path = Fixture.temporaryDirectory() + "/bom.yaml"
        try Data([0xEF, 0xBB, 0xBF] + Array("sessie:\n  titel: \"Met BOM\"\n".utf8)).write(to: URL(fileURLWithPath: path))
        let (s, _) = try SessionParser(file: path).parse()
        #expect(s.sessie.titel == "Met BOM")
        try Data([0xEF, 0xBB, 0xBF] + Array("sessie:\n  duur: lang\n".utf8)).write(to: URL(fileURLWithPath: path))
        do { _ = try SessionParser(file: path).parse(); Issue.record("expected an error") } catch let d as Diagnostic {
            #expect(d.position.line == 2 && d.position.column == 9 && d.message.contains("getal"), "\(d)")
        }
    }

    @Test func readsTheExampleAsWritten() throws {
        let (s, _) = try SessionParser(file: Fixture.resources.root + "/samples/beslisnota.yaml").parse()
        #expect(s.sessie.datum == "2026-11-17")
        #expect(s.sessie.tijd == "10:00")
        #expect(s.sessie.duur == 120)
        #expect(s.sessie.deelnemers.map(\.value) == ["Pieter de Graaf", "Noor Haddou", "Bram Kuipers", "Eva Smit"])
        #expect(s.spelers.count == 3 && s.opties.count == 2)
        #expect(s.commonGround?.spanning.map(\.waarde) == [7, 4, 6, 2])
        #expect(s.handelingsperspectieven?.grenzen?.high == 9)
        #expect(s.invalshoeken == [.relaties, .ethiek])
        #expect(s.opties[1].voordelen?.form == .bullets)
    }

    @Test(arguments: ["datum: 2026-12-03\n  tijd: 13:30", "datum: \"2026-12-03\"\n  tijd: \"13:30\"", "datum: '2026-12-03'\n  tijd: '13:30'"])
    func datesAndTimesReadAsMeantQuotedOrNot(fields: String) throws {
        let (s, _) = try parseSession("sessie:\n  \(fields)\n")
        #expect(s.sessie.datum == "2026-12-03")
        #expect(s.sessie.tijd == "13:30")
    }

    @Test func jsonWithTheSameStructureIsAccepted() throws {
        let (s, _) = try parseSession(#"{"sessie": {"titel": "T", "datum": "2026-01-05", "duur": 60}, "afwegen": {"opties": [{"titel": "A"}]}}"#,
                                      name: "s.json")
        #expect(s.sessie.duur == 60 && s.opties.first?.titel == "A")
    }

    @Test func aFileWithOnlySessieIsValid() throws {
        let (s, w) = try parseSession("sessie:\n  titel: \"Alleen de titel\"\n")
        #expect(s.dilemma == nil && w.isEmpty)
    }

    @Test func textKeepsParagraphsAndBullets() throws {
        let (s, _) = try parseSession("kennismaken:\n  dilemma: |\n    Eerste alinea.\n\n    Tweede <b>alinea</b> &amp; meer.\n  waarom-nu: [\"een\", \"twee\"]\n")
        #expect(s.dilemma?.parts == ["Eerste alinea.", "Tweede <b>alinea</b> &amp; meer."])
        #expect(s.waaromNu?.rendered == "•\u{00A0}een\n•\u{00A0}twee")
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var yaml: String
        var message: String
        var line: Int
        var column: Int
        var testDescription: String { message }
    }

    static let badInputs: [BadInput] = [
        BadInput(yaml: "verkennen:\n  spelres: []\n", message: "'spelers'", line: 2, column: 3),
        BadInput(yaml: "sessie:\n  duur: lang\n", message: "getal", line: 2, column: 9),
        BadInput(yaml: "sessie:\n  duur: 20\n", message: "30 tot en met 480", line: 2, column: 9),
        BadInput(yaml: "sessie:\n  datum: 2026-02-30\n", message: "bestaat niet", line: 2, column: 10),
        BadInput(yaml: "sessie:\n  datum: 3-12-2026\n", message: "JJJJ-MM-DD", line: 2, column: 10),
        BadInput(yaml: "sessie:\n  tijd: 25:00\n", message: "UU:MM", line: 2, column: 9),
        BadInput(yaml: "versie: 2\n", message: "versie 2 wordt niet ondersteund", line: 1, column: 9),
        BadInput(yaml: "taal: de\n", message: "'nl' of 'en'", line: 1, column: 7),
        BadInput(yaml: "sessie:\n  vorm: hybride\n", message: "'fysiek' of 'online'", line: 2, column: 9),
        BadInput(yaml: "sessie:\n  verslaglegging: chatam\n", message: "'chatham'", line: 2, column: 19),
        BadInput(yaml: "sessie:\n  deelnemers: [\"Ann\"]\nafwegen:\n  common-ground:\n    spanning:\n      - { deelnemer: \"An\", waarde: 3 }\n",
                 message: "'Ann'", line: 6, column: 22),
        BadInput(yaml: "sessie:\n  deelnemers: [\"Ann\"]\nafwegen:\n  common-ground:\n    spanning:\n      - { deelnemer: \"Ann\", waarde: 11 }\n",
                 message: "tussen 0 en 10", line: 6, column: 37),
        BadInput(yaml: "afwegen:\n  common-ground:\n    waarden: [\"Een\"]\n", message: "precies twee", line: 3, column: 14),
        BadInput(yaml: "afwegen:\n  handelingsperspectieven:\n    grenzen: [8, 2]\n", message: "groter", line: 3, column: 18),
        BadInput(yaml: "afwegen:\n  handelingsperspectieven:\n    opties:\n      - { tekst: \"x\", positie: 12 }\n",
                 message: "tussen 0 en 10", line: 4, column: 32),
        BadInput(yaml: "verkennen:\n  spelers: [{}, {}, {}, {}, {}, {}, {}, {}, {naam: x}]\n", message: "te veel spelers", line: 2, column: 45),
        BadInput(yaml: "afwegen:\n  opties: [{}, {}, {}, {}, {}, {}, {titel: x}]\n", message: "te veel opties", line: 2, column: 36),
        BadInput(yaml: "verkennen:\n  invalshoeken: [relaties, etiek]\n", message: "'ethiek'", line: 2, column: 28),
        BadInput(yaml: "sessie:\n  titel: a\n  titel: b\n", message: "twee keer", line: 2, column: 3),
        BadInput(yaml: "sessie:\n\ttitel: x\n", message: "geen geldige YAML", line: 2, column: 1),
        BadInput(yaml: "kennismaken:\n  dilemma: {a: b}\n", message: "tekst of een lijst", line: 2, column: 12),
        BadInput(yaml: "sessie:\n  deelnemers: [\"Ann\", \"Ann\"]\n", message: "twee keer", line: 2, column: 23),
    ]

    @Test(arguments: badInputs)
    func badInputIsAnErrorAtItsPosition(input: BadInput) throws {
        let d = try #require(sessionError(input.yaml))
        #expect(d.severity == .error)
        #expect(d.message.contains(input.message), "\(d)")
        #expect(d.position.line == input.line, "\(d)")
        #expect(d.position.column == input.column, "\(d)")
    }

    @Test func moreThanEightParticipantsIsAWarning() throws {
        let names = (1...9).map { "\"Deelnemer\($0)\"" }.joined(separator: ", ")
        let (_, w) = try parseSession("sessie:\n  deelnemers: [\(names)]\n  verslaglegging: namen\n")
        #expect(w.count == 1 && w[0].message.contains("hoogstens 8") && w[0].position.line == 2)
    }

    @Test func aParticipantNameInFreeTextIsReportedUnderChatham() throws {
        let yaml = "sessie:\n  deelnemers: [\"Noor Haddou\"]\nkiezen:\n  keuze: \"Noor belt de directeur.\"\n"
        let (_, w) = try parseSession(yaml)
        #expect(w.count == 1 && w[0].message.contains("'Noor'") && w[0].position.line == 4)
        let (_, none) = try parseSession(yaml.replacingOccurrences(of: "sessie:\n", with: "sessie:\n  verslaglegging: namen\n"))
        #expect(none.isEmpty)
    }
}

@Suite("Protection against hostile input")
struct HostileInputTests {
    @Test func aFileOverOneMebibyteIsRefusedUnread() throws {
        let path = Fixture.temporaryDirectory() + "/groot.yaml"
        let line = "# " + String(repeating: "x", count: 1000) + "\n"
        try String(repeating: line, count: 2100).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: Diagnostic.self) { try SessionParser(file: path).parse() }
        do { _ = try SessionParser(file: path).parse() } catch let d as Diagnostic { #expect(d.message.contains("te groot")) }
    }

    /// A "billion laughs" file: nine levels of nine aliases, 9^9 strings when expanded.
    static let aliasBomb: String = {
        var yaml = "sessie:\n  deelnemers: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        yaml += "verkennen:\n  waarden:\n"
        let layers = ["inhoud", "proces-en-relatie", "mens-en-professional"]
        for i in 1...9 {
            let key = i <= 3 ? "  " + layers[i - 1] : "  x\(i)"
            yaml += "  \(key): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return yaml
    }()

    @Test func anAliasBombIsRefusedWithoutExpandingIt() throws {
        let d = try #require(sessionError(Self.aliasBomb))
        #expect(d.severity == .error && d.position.line != nil)
    }

    @Test func theNodeLimitBoundsWhatIsWalked() throws {
        let path = Fixture.temporaryDirectory() + "/veel.yaml"
        let names = (1...60).map { "\"D\($0)\"" }.joined(separator: ", ")
        try "sessie:\n  verslaglegging: namen\n  deelnemers: [\(names)]\n".write(toFile: path, atomically: true, encoding: .utf8)
        var limits = InputLimits()
        limits.maxNodes = 50
        #expect(throws: Diagnostic.self) { try SessionParser(file: path, limits: limits).parse() }
        #expect(throws: Never.self) { try SessionParser(file: path).parse() }
    }

    @Test func deeplyNestedBracketsAreRefusedBeforeParsing() throws {
        let d = try #require(sessionError("sessie: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"))
        #expect(d.message.contains("te diep genest"))
        #expect(d.position.line == 1)
    }

    @Test func deeplyNestedBlocksAreRefused() throws {
        var yaml = "kennismaken:\n  dilemma:\n"
        for depth in 2..<60 { yaml += String(repeating: "  ", count: depth) + "- \n" }
        #expect(sessionError(yaml) != nil)
    }
}

/// The byte scans that replaced Foundation and a regular expression in the parser, checked
/// against what they replaced: Foundation itself is the oracle.
@Suite("Text scanning as Foundation does it")
struct TextScanningTests {
    static let texts = [
        "", " ", "a", "  twee  woorden \n", "\n\nalinea een\r\n\r\nalinea twee\n\n", "\u{A0}\u{2003}Özlem\u{2028}",
        "[]", "verkennen.spelers[].naam", "a[]b[]c", "\t\r\n", "x\u{0301} y", "🙂 en 👩‍👩‍👧", "•\u{A0}punt\n\n•\u{A0}punt",
    ]

    @Test(arguments: texts)
    func theScansGiveWhatFoundationGives(text: String) {
        #expect(text.trimmedWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
        for separator in ["\n\n", "[]", "\r\n", ".", "alinea", "🙂"] {
            #expect(text.parts(separatedBy: separator) == text.components(separatedBy: separator), "\(separator)")
            #expect(text.replacingAll(separator, with: "_") == text.replacingOccurrences(of: separator, with: "_"), "\(separator)")
        }
    }

    /// The check for a line that opens a block scalar, against the regular expression it replaced.
    @Test(arguments: [
        "tekst: |", "tekst: >", "tekst: |-", "tekst: >+2", "  - |", "- >-", "|", ">", "tekst: | # uitleg", "tekst: |  ",
        "tekst: a | b", "tekst: |x", "tekst:|", "a > b", "tekst: \"|\"", "- - |", "tekst: |2-", "tekst: >\r", "  |  #",
        "tekst: | #", "tekst: |#", "x: y: |", "-|", "- |+", "tekst: >-3 # een", "tekst: ||",
    ])
    func aBlockScalarIsFoundAsTheRegularExpressionFoundIt(line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let expected = trimmed.range(of: #"(^|[:\-]\s)[|>][+\-0-9]*(\s+#.*)?$"#, options: .regularExpression) != nil
        #expect(Array(line.utf8).withUnsafeBufferPointer { YAMLReader.startsBlockScalar($0) } == expected)
    }
}
