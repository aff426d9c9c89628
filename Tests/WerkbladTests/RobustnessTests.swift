import Foundation
@testable import SessionModel
import Testing

/// The promises under faults and hostile input, tried through the command a user runs.
@Suite("Robustness: faults and hostile input")
struct RobustnessTests {
    static func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func check(_ path: String) throws -> ProcessResult {
        // `timeout`: a FIFO that blocked would hang the test instead of failing it.
        try run("timeout", ["20", Fixture.executable, "check", path])
    }

    @Test(arguments: [("/tmp", "is een map"), ("/dev/zero", "geen gewoon bestand"), ("/dev/urandom", "geen gewoon bestand"),
                      ("/proc/self/mem", "kan niet worden gelezen"), ("/proc/self/status", "een bestand van het systeem")])
    func specialFilesAreRefusedQuickly(path: String, message: String) throws {
        let result = try Self.check(path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(path): fout: ") && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aFIFOIsRefusedAndDoesNotBlock() throws {
        let fifo = Fixture.temporaryDirectory() + "/pijp.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try Self.check(fifo)
        #expect(result.status == 1 && result.stderr.contains("geen gewoon bestand"), "\(result.stderr)")
    }

    @Test(arguments: [
        ("sessie:\n  titel: ab\u{0}cd\n", "2:12", "NUL-teken"),
        ("sessie:\n  titel: \"a\\0b\"\n", "2:10", "NUL-teken"),
        ("{\"sessie\": {\"titel\": \"a\\u0000b\"}}", "1:22", "NUL-teken"),
        ("sessie:\n  titel: a\u{7}b\n", "2:11", "U+0007"),
        ("kennismaken:\n  dilemma: \"x\\u001b[31m\"\n", "2:12", "U+001B"),
    ])
    func controlCharactersAreErrorsAtTheirPosition(text: String, position: String, message: String) throws {
        let path = try Self.write(text, text.hasPrefix("{") ? "s.json" : "s.yaml", in: Fixture.temporaryDirectory())
        let result = try Self.check(path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("s.\(text.hasPrefix("{") ? "json" : "yaml"):\(position): fout: ") && result.stderr.contains(message),
                "\(result.stderr)")
    }

    @Test func aLatin1FileGetsAdviceAtItsPosition() throws {
        let path = Fixture.temporaryDirectory() + "/latin1.yaml"
        try Data([UInt8]("sessie:\n  titel: caf".utf8) + [0xE9] + [UInt8]("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let result = try Self.check(path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("latin1.yaml:2:13: fout: ") && result.stderr.contains("sla het op als UTF-8"), "\(result.stderr)")
    }

    @Test(arguments: [
        ("{\"kennismaken\": {\"dilemma\": \"\\ud83d\\ude00 blij\"}}", "s.json"),
        ("sessie:\n", "s.yaml"),
        ("kennismaken:\nsessie:\n  titel: x\n", "s.yaml"),
        ("sessie:\n  titel: \"[[[ [ [ haakjes\"\n", "s.yaml"),
    ])
    func validInputIsAccepted(text: String, name: String) throws {
        let result = try Self.check(try Self.write(text, name, in: Fixture.temporaryDirectory()))
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: ["tijd: \"+1:30\"", "tijd: \"-0:30\"", "datum: \"2026-+1-03\"", "datum: 0000-01-01"])
    func signedDatesAndTimesAreRefused(line: String) throws {
        let result = try Self.check(try Self.write("sessie:\n  \(line)\n", "s.yaml", in: Fixture.temporaryDirectory()))
        #expect(result.status == 1 && result.stderr.contains("s.yaml:2:"), "\(result.stderr)")
    }

    @Test(arguments: ["/etc/passwd", "../../../../etc/passwd", "~/x.yaml", "notes.txt"])
    func aSessionCannotNameAFileOutsideItsFolderAsLayout(layout: String) throws {
        let path = try Self.write("layout: \(layout)\n", "s.yaml", in: Fixture.temporaryDirectory())
        let result = try Self.check(path)
        #expect(result.status == 1 && result.stderr.contains("s.yaml:1:9: fout: ") && result.stderr.contains("layout"), "\(result.stderr)")
        #expect(!result.stderr.contains("root:"), "a line of the foreign file was quoted")
    }

    /// A file-size limit as a stand-in for a full disk: the write fails, werkblad says why, and
    /// the good file from before is untouched, with no temporary file left.
    @Test func aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let dir = Fixture.temporaryDirectory()
        let out = dir + "/werkblad.pdf"
        let beslisnota = Fixture.resources.root + "/samples/beslisnota.yaml"
        #expect(try run(Fixture.executable, ["render", beslisnota, "-o", out]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        let big = Fixture.resources.root + "/samples/vol-8-spelers-6-opties.yaml"
        let result = try run("/bin/sh", ["-c", "ulimit -f 20; exec \"$0\" render \"$1\" -o \"$2\"", Fixture.executable, big, out])
        #expect(result.status == 1)
        #expect(result.stderr.contains("werkblad.pdf: fout: kan niet worden geschreven: het bestand wordt groter dan is toegestaan"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["werkblad.pdf"])
    }

    @Test(arguments: ["nan", "inf", "1e308", "1e12", "-5"])
    func absurdResolutionsAreRefused(dpi: String) throws {
        let result = try run(Fixture.executable, ["render", Fixture.resources.root + "/samples/beslisnota.yaml", "-o",
                                                  Fixture.temporaryDirectory() + "/x.png", "--dpi=\(dpi)"])
        #expect(result.status != 0 && result.stderr.hasPrefix("werkblad: fout: --dpi moet een getal tussen 36 en 1200 zijn"), "\(result.stderr)")
    }

    @Test func anAbsurdLayoutLengthIsRefused() throws {
        let dir = Fixture.temporaryDirectory()
        var layout = try String(contentsOfFile: Fixture.resources.root + "/Layouts/werkblad-a3.yaml", encoding: .utf8)
        let margin = try #require(layout.firstMatch(of: /margin: *[0-9.]+mm/))
        layout.replaceSubrange(margin.range, with: "margin: 9000000mm")
        _ = try Self.write(layout, "reus.yaml", in: dir)
        let session = try Self.write("layout: reus.yaml\n", "s.yaml", in: dir)
        let result = try Self.check(session)
        #expect(result.status == 1 && result.stderr.contains("te groot (9000000mm)"), "\(result.stderr)")
    }

    /// Aliases of aliases as mapping keys: Yams would hash the expanded keys for minutes.
    @Test func aliasesAsKeysAreRefusedAtOnce() throws {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*" + previous, count: 9).joined(separator: ", ") + "]")
            previous = name
        }
        lines.append("z: {*h: 1, *g: 2}")
        let path = try Self.write(lines.joined(separator: "\n") + "\n", "flood.yaml", in: Fixture.temporaryDirectory())
        let start = Date()
        let result = try Self.check(path)
        #expect(Date().timeIntervalSince(start) < 10, "no hang: refused before Yams composes the keys")
        #expect(result.status == 1 && result.stderr.contains("flood.yaml:9:5: fout: een alias (*h) als sleutel is niet toegestaan"), "\(result.stderr)")
        // The same characters as text are text.
        let text = "kennismaken:\n  dilemma: |\n    *Let op: dit is tekst\n    ? ook dit\n  waarom-nu: \"*x: y\"\n"
        #expect(try Self.check(try Self.write(text, "tekst.yaml", in: Fixture.temporaryDirectory())).status == 0)
    }

    /// Long inputs are cut into boxes by lines and characters (so layout work stays linear):
    /// no bullet and no letter of a word longer than a page is lost at the cuts.
    @Test func longListsAndWordsKeepEveryPart() throws {
        let dir = Fixture.temporaryDirectory()
        let bullets = "afwegen:\n  common-ground:\n    versterking:\n" + (0..<1500).map { "      - \"punt \($0) met wat tekst\"\n" }.joined()
        let word = String(repeating: "abcdefghij", count: 2000)
        for (name, text) in [("lijst", bullets), ("woord", "kennismaken:\n  dilemma: \"\(word)\"\n")] {
            let path = try Self.write(text, name + ".yaml", in: dir)
            let result = try run(Fixture.executable, ["render", path, "-o", dir + "/\(name).pdf"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let list = try run("pdftotext", [dir + "/lijst.pdf", "-"]).stdout
        let found = Set(list.matches(of: #/punt (\d+) /#).map { Int($0.1)! })
        #expect(found == Set(0..<1500))
        // The word, put back together from its lines (a line that ends in a soft hyphen joined to
        // the next; other line ends separate, so that no label's letters join the word).
        let text = try run("pdftotext", [dir + "/woord.pdf", "-"]).stdout
            .replacingOccurrences(of: "\u{AD}\n", with: "").replacingOccurrences(of: "\u{AD}", with: "").replacingOccurrences(of: "\n", with: " ")
        let letters = text.matches(of: /[a-j]{20,}/).map { String($0.0) }.joined()
        #expect(letters == word)
    }

    /// A long paragraph in a table cell is cut into boxes from an estimate of its lines: every
    /// word comes back, in order, across the werkblad and its vervolgbladen; no box is left half
    /// empty because the estimate cut too soon.
    @Test func aLongCellKeepsEveryWordInOrder() throws {
        let dir = Fixture.temporaryDirectory()
        let words = (0..<6000).map { "w\($0)" }
        let text = "verkennen:\n  spelers:\n    - naam: Gemeente\n      belangen-en-waarden: >\n"
            + stride(from: 0, to: words.count, by: 10).map { "        " + words[$0..<min($0 + 10, words.count)].joined(separator: " ") + "\n" }.joined()
        let path = try Self.write(text, "cel.yaml", in: dir)
        let result = try run(Fixture.executable, ["render", path, "-o", dir + "/cel.pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        let found = try run("pdftotext", [dir + "/cel.pdf", "-"]).stdout.matches(of: #/\bw(\d+)\b/#).map { Int($0.1)! }
        #expect(found == Array(0..<6000))
    }

    /// Messages a user can act on, in Dutch, at the right place.
    @Test(arguments: [
        ("sessie:\n  titel \"zonder dubbele punt\"\n  datum: 2026-12-03\n", "2:1", "ontbreekt de dubbele punt na de sleutel"),
        ("afwegen:\n  handelingsperspectieven:\n    opties:\n      - {tekst: x, positie: 5,5}\n", "4:29", "met een punt: 5.5, niet 5,5"),
        ("kennismaken:\n  dilemma: \"a\\qb\"\n", "2:14", "onbekende escape"),
        ("sessie:\n\ttitel: x\n", "2:1", "gebruik spaties"),
    ])
    func yamlMistakesAreExplainedInDutchWhereTheyAre(text: String, position: String, message: String) throws {
        let result = try Self.check(try Self.write(text, "s.yaml", in: Fixture.temporaryDirectory()))
        #expect(result.status == 1)
        #expect(result.stderr.contains("s.yaml:\(position): fout: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("could not") && !result.stderr.contains("found "), "English from libyaml: \(result.stderr)")
    }

    /// Every misspelt key of a file in one reading, in file order, each with its suggestion.
    @Test func checkReportsEveryMisspeltKey() throws {
        let text = "sessie:\n  titl: x\n  datum: 2026-12-03\nkennismaken:\n  dilema: x\nverkennen:\n  spelers:\n    - naam: A\n      belangen: x\n"
        let result = try Self.check(try Self.write(text, "s.yaml", in: Fixture.temporaryDirectory()))
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains(": fout: ") }
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines.first?.contains("s.yaml:2:3: fout: onbekende sleutel 'titl' in 'sessie'; bedoelt u 'titel'?") == true)
        #expect(lines.dropFirst().first?.contains("s.yaml:5:3:") == true && lines.last?.contains("s.yaml:9:7:") == true)
    }

    /// Found by attacking the tool: a 64,000-letter title took 32 s (labels are not cut like boxes).
    @Test func aOneLineValueHasALimit() throws {
        let text = "sessie:\n  titel: \"" + String(repeating: "x", count: 64_000) + "\"\n"
        let start = Date()
        let result = try Self.check(try Self.write(text, "s.yaml", in: Fixture.temporaryDirectory()))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 1 && result.stderr.contains("s.yaml:2:10: fout: sessie.titel is te lang (64000 tekens)"), "\(result.stderr)")
    }

    @Test func aLayoutLinkOutOfTheFolderAndANonWerkbladLayoutAreRefused() throws {
        let dir = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        let outside = try Self.write("root: x\n", "geheim.yaml", in: Fixture.temporaryDirectory())
        try FileManager.default.createSymbolicLink(atPath: dir + "/sub/link.yaml", withDestinationPath: outside)
        let linked = try Self.check(try Self.write("layout: sub/link.yaml\n", "s.yaml", in: dir))
        #expect(linked.status == 1 && linked.stderr.contains("buiten de map van het sessiebestand") && !linked.stderr.contains("root"), "\(linked.stderr)")
        let diagrams = try Self.check(try Self.write("layout: diagrammen\n", "d.yaml", in: dir))
        #expect(diagrams.status == 1 && diagrams.stderr.contains("onbekende layout 'diagrammen'"), "\(diagrams.stderr)")
    }

    @Test func aBatchIntoAFileSaysSoInDutch() throws {
        let file = try Self.write("x", "uit", in: Fixture.temporaryDirectory())
        let result = try run(Fixture.executable, ["batch", Fixture.resources.root + "/samples/beslisnota.yaml", "-o", file])
        #expect(result.status == 1 && result.stderr.contains("is een bestand, geen map"), "\(result.stderr)")
    }

    /// The basis names its own layout by path: the imported file must stand beside it.
    @Test func importKeepsTheBasisLayoutReachable() throws {
        let dir = Fixture.temporaryDirectory()
        let layout = try String(contentsOfFile: Fixture.resources.root + "/Layouts/werkblad-a3.yaml", encoding: .utf8)
        _ = try Self.write(layout, "eigen.yaml", in: dir)
        let basis = try Self.write("layout: eigen.yaml\nsessie:\n  titel: x\n", "s.yaml", in: dir)
        #expect(try run(Fixture.executable, ["render", "--invulbaar", basis, "-o", dir + "/f.pdf"]).status == 0)
        let elsewhere = Fixture.temporaryDirectory()
        let away = try run(Fixture.executable, ["import", dir + "/f.pdf", "--basis", basis, "-o", elsewhere + "/n.yaml"])
        #expect(away.status == 1 && away.stderr.contains("schrijf het nieuwe sessiebestand in dezelfde map"), "\(away.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        let beside = try run(Fixture.executable, ["import", dir + "/f.pdf", "--basis", basis, "-o", dir + "/n.yaml"])
        let checked = try Self.check(dir + "/n.yaml")
        #expect(beside.status == 0 && checked.status == 0, "\(beside.stderr)\(checked.stderr)")
        let missing = try run(Fixture.executable, ["import", dir + "/f.pdf", "-o", dir + "/nergens/n.yaml"])
        #expect(missing.status == 1 && missing.stderr.contains("bestaat niet") && !missing.stderr.contains(".tmp"), "\(missing.stderr)")
    }

    /// `check` is a dry run of `render`: what render warns about, check says too.
    @Test func checkWarnsAboutWhatRenderWouldWarnAbout() throws {
        let result = try Self.check(Fixture.resources.root + "/samples/vol-8-spelers-6-opties.yaml")
        #expect(result.status == 0)
        #expect(result.stderr.contains("loopt door op een vervolgblad"), "\(result.stderr)")
    }
}

/// The Chatham House Rule: a participant's name is found wherever the group wrote something,
/// and pointed at where it stands.
@Suite("Chatham House Rule everywhere")
struct ChathamTests {
    static let participants = "sessie:\n  deelnemers: [\"Pieter de Graaf\", \"Noor Haddou\"]\n"

    @Test(arguments: [
        ("sessie:\n  titel: \"Gesprek met Noor Haddou\"\n", 3, "Noor Haddou"),
        ("sessie:\n  locatie: \"Kamer van Pieter\"\n", 3, "Pieter"),
        ("sessie:\n  aanleiding: \"Haddou vroeg erom\"\n", 3, "Haddou"),
        ("sessie:\n  doel: \"Een besluit voor de Graaf\"\n", 3, "de Graaf"),
        ("verkennen:\n  spelers:\n    - naam: \"Team van Noor\"\n", 5, "Noor"),
        ("afwegen:\n  opties:\n    - titel: \"Plan Graaf\"\n", 5, "Graaf"),
        ("afwegen:\n  handelingsperspectieven:\n    opties:\n      - {tekst: \"Bel Pieter\", positie: 3}\n", 6, "Pieter"),
        ("kennismaken:\n  dilemma: |\n    Eerste regel.\n    Daarna zegt Noor iets.\n", 6, "Noor"),
        ("kennismaken:\n  dilemma: \"NOOR en HADDOU\"\n", 4, "Noor"),
    ])
    func aNameAnywhereIsFoundAtItsPlace(section: String, line: Int, form: String) throws {
        // Sections other than `sessie` follow the participants; a `sessie:` section is merged into them.
        let text = section.hasPrefix("sessie:") ? Self.participants + section.dropFirst("sessie:\n".count) : Self.participants + section
        let path = try RobustnessTests.write(text, "s.yaml", in: Fixture.temporaryDirectory())
        let result = try RobustnessTests.check(path)
        #expect(result.status == 0)
        // The column of the name in that line of the file, counted from 1.
        let fileLine = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        let column = fileLine.distance(from: fileLine.startIndex, to: try #require(fileLine.range(of: form, options: .caseInsensitive)).lowerBound) + 1
        #expect(result.stderr.contains("s.yaml:\(line):\(column): waarschuwing: de naam '\(form)'"), "\(result.stderr)")
    }

    /// On an ASCII line the name is found byte by byte; Foundation's case- and accent-blind search
    /// (which other lines use) must find the same column: 3,000 generated lines, names that touch
    /// letters, hyphens, apostrophes and each other, with and without a start column.
    @Test func asciiLinesAreSearchedAsFoundationSearchesThem() {
        var rng = SplitMix(seed: 17)
        let names = ["ab", "a-a", "de graaf", "pieter", "o'neil", "aa", "noor haddou"]
        let pieces = ["ab", "AB", "a-a", "A-", "x", " ", "-", "'", "de ", "Graaf", "PIETER", "pieters", "o'neil", "aa", "Noor ", "haddou", ",", "9"]
        for _ in 0..<3000 {
            let name = names[Int(rng.next() % UInt64(names.count))]
            let line = (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let from = Int(rng.next() % 4)
            // The reference: Foundation's search, going on behind a match that a letter touches.
            var expected: Int?
            var range = line.index(line.startIndex, offsetBy: min(from, line.count))..<line.endIndex
            while let r = line.range(of: name, options: [.caseInsensitive, .diacriticInsensitive], range: range) {
                let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
                let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
                if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) {
                    expected = line.distance(from: line.startIndex, to: r.lowerBound) + 1
                    break
                }
                range = r.upperBound..<line.endIndex
            }
            let found = YAMLReader.asciiWordColumn(Array(name.utf8), in: ArraySlice(line.utf8), from: from)
            #expect(found == .some(expected), "\(name) in \(line) from \(from)")
        }
        #expect(YAMLReader.asciiWordColumn(Array("ozlem".utf8), in: ArraySlice("Özlem".utf8), from: 0) == nil)
    }

    /// Names match whatever their case and accents, the dotless ı read as i, and only as whole
    /// words: "Yılmaz" in "YILMAZ" and "yilmaz", "Özlem" in "Ozlem,", not "Noor" in "Noord".
    @Test(arguments: [
        ("Yılmaz", "Gesprek met YILMAZ vandaag", true), ("Yılmaz", "yilmaz", true), ("Özlem", "Zei Ozlem, toen", true),
        ("Noor", "in Noord-Holland", false), ("Noor", "Noor-Jan", true), ("İrem", "irem", true),
        ("Ana", "Banaan", false), ("Ólafur", "(ólafur)", true), ("Noor", "é Noor é", true),
    ])
    func namesMatchAsWholeWordsWhateverTheirAccents(name: String, text: String, found: Bool) {
        let hay = [Array(SessionParser.folded(text).utf8)]
        #expect(SessionParser.containsWord(SessionParser.folded(name), in: hay) == found)
    }

    @Test func strictRefusesToWriteTheArchive() throws {
        let dir = Fixture.temporaryDirectory()
        let path = try RobustnessTests.write(Self.participants + "kennismaken:\n  dilemma: \"Pieter twijfelt.\"\n", "s.yaml", in: dir)
        let result = try run(Fixture.executable, ["render", "--archief", "--streng", path, "-o", dir + "/archief.pdf"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("s.yaml:4:13: fout: de naam 'Pieter'") && result.stderr.contains("er is niets geschreven"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/archief.pdf"))
        let batch = try run(Fixture.executable, ["batch", "--streng", path, "-o", dir + "/uit"])
        #expect(batch.status != 0 && batch.stderr.contains("--streng: niets geschreven"), "\(batch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/uit/s.pdf"))
        // Without --streng the same file is written, with the warning.
        #expect(try run(Fixture.executable, ["render", "--archief", path, "-o", dir + "/archief.pdf"]).status == 0)
    }
}

/// `make install` into a fresh prefix gives a tool whose every command works from elsewhere.
@Suite("Install into a fresh prefix", .serialized)
struct InstallTests {
    @Test func everyCommandWorksFromAnInstalledCopy() throws {
        let prefix = Fixture.temporaryDirectory()
        let make = try run("make", ["-C", Fixture.resources.root, "install-files", "PREFIX=\(prefix)", "BINARY=\(Fixture.executable)"])
        try #require(make.status == 0, "\(make.stdout)\(make.stderr)")
        for file in ["share/werkblad/Layouts/toelichting-deelnemer.md", "share/werkblad/FormFont/NotoSans-WinAnsi.ttf",
                     "share/werkblad/Schema/sessie.schema.json", "share/werkblad/docs/sessiebestand.md",
                     "share/werkblad/samples/beslisnota.yaml", "share/man/man1/werkblad.1",
                     "libexec/werkblad/werkblad-serve", "share/werkblad/Web/index.html", "share/werkblad/Web/werkblad.js",
                     "share/bash-completion/completions/werkblad", "share/zsh/site-functions/_werkblad"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) not installed")
        }
        let exe = prefix + "/bin/werkblad"
        let work = Fixture.temporaryDirectory()
        let sample = prefix + "/share/werkblad/samples/beslisnota.yaml"
        // Not the repository: the installed copy must find its data beside itself.
        let env = ["PATH": "/usr/bin:/bin", "HOME": work]
        let commands: [[String]] = [
            ["init", "nieuw.yaml"], ["check", "nieuw.yaml", sample], ["render", sample, "-o", "w.pdf"],
            ["render", "--archief", "--invulbaar", sample, "-o", "f.pdf"], ["import", "f.pdf", "--basis", sample, "-o", "terug.yaml"],
            ["blank", "-o", "leeg.pdf"], ["diagram", "bandbreedte", sample, "-o", "d.pdf"],
            ["toelichting", "gespreksleider", sample, "-o", "t.pdf"], ["handouts", sample, "-o", "ho"],
            ["voorbereiding", sample, "-o", "v.pdf"], ["batch", "--handouts", sample, "-o", "batch"], ["--help"],
        ]
        for arguments in commands {
            let result = try run(exe, arguments, in: work, environment: env)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: work + "/batch/beslisnota-hand-outs/alle-deelnemers.pdf"))

        // `serve` runs the installed werkblad-serve, which finds the page in the installed data folder.
        try FileManager.default.copyItem(atPath: sample, toPath: work + "/live.yaml")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: exe)
        server.arguments = ["serve", work + "/live.yaml", "--poort", "0"]
        server.environment = env
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let link = try #require(line.wholeMatch(of: /(http:\/\/127\.0\.0\.1:\d+\/)#t=[0-9a-f]{32}\n/), "serve printed \(line)")
        let page = try run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{content_type}", String(link.1)])
        #expect(page.stdout == "200 text/html; charset=utf-8")
    }
}

/// A seeded generator (SplitMix64), so that a generated case that fails comes back the same.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
