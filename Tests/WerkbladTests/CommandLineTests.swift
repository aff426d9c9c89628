import Foundation
import Testing
import SessionModel
import WerkbladDocuments

@Suite("Command line")
struct CommandLineTests {
    @Test func blankWorksFromAnyFolder() throws {
        let dir = Fixture.temporaryDirectory()
        var env = ProcessInfo.processInfo.environment
        env["WERKBLAD_DATA"] = nil
        let result = try run(Fixture.executable, ["blank", "-o", "leeg.pdf", "--spelers", "5"], in: dir, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try pdfText(dir + "/leeg.pdf")
        #expect(text.contains("Speler E") && !text.contains("Speler F"))
    }

    /// A command line that names a subcommand is parsed by that subcommand alone (see
    /// `WerkbladCommand.parsedDirectly`); help, usage and errors read as from the root all the same.
    @Test(arguments: ["render", "blank", "diagram", "toelichting", "handouts", "voorbereiding", "batch", "check", "init", "import", "serve"])
    func aSubcommandsHelpAndErrorsNameItUnderWerkblad(name: String) throws {
        let help = try run(Fixture.executable, [name, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: werkblad \(name)"), "\(help.stdout.prefix(300))")
        let wrong = try run(Fixture.executable, [name, "--geen-optie"])
        #expect(wrong.status != 0)
        // Unknown, or a required argument missing first: in Dutch, in werkblad's own form.
        #expect(wrong.stderr.hasPrefix("werkblad: fout: onbekende optie '--geen-optie'")
                || wrong.stderr.hasPrefix("werkblad: fout: argument ontbreekt: "), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("Zie 'werkblad --help'"))
    }

    @Test(arguments: [["--spelers", "9"], ["--opties", "0"], ["--taal", "de"]])
    func rejectsOutOfRangeOptionsInDutch(arguments: [String]) throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["blank", "-o", "x.pdf"] + arguments, in: dir)
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.pdf"))
    }

    @Test func unknownExtensionIsAnErrorAndWritesNothing() throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["blank", "-o", "x.docx"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("onbekend uitvoerformaat"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func unknownLayoutListsTheAvailableOnes() throws {
        let result = try run(Fixture.executable, ["blank", "-o", "x.pdf", "--layout", "werkblad-a9"], in: Fixture.temporaryDirectory())
        #expect(result.status == 1)
        #expect(result.stderr.contains("werkblad-a3"))
    }
}

@Suite("Command line: sessions")
struct SessionCommandTests {
    @Test func renderWritesTheWerkbladAndPrintsWarningsWithPositions() throws {
        let dir = Fixture.temporaryDirectory()
        let sample = Fixture.resources.root + "/samples/beslisnota.yaml"
        let result = try run(Fixture.executable, ["render", sample, "-o", "w.pdf"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("\(sample):70:26: waarschuwing: de naam 'Pieter'"))
        #expect(try pdfText(dir + "/w.pdf").contains("Afwijkend ambtelijk advies"))
    }

    @Test(arguments: [
        ("sessie:\n  duur: 20\n", "2:9: fout:"),
        ("verkennen:\n  spelres: []\n", "2:3: fout: onbekende sleutel 'spelres'"),
        ("sessie: [\n", "fout: geen geldige YAML"),
    ])
    func aBadFileIsAnErrorAndLeavesNoOutput(yaml: String, expected: String) throws {
        let dir = Fixture.temporaryDirectory()
        try yaml.write(toFile: dir + "/fout.yaml", atomically: true, encoding: .utf8)
        let result = try run(Fixture.executable, ["render", "fout.yaml", "-o", "w.pdf"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("fout.yaml:") && result.stderr.contains(expected), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["fout.yaml"])
    }

    /// `render` reads the session file while its command line is still being parsed when one
    /// argument alone names a .yaml, .yml or .json file; the parsed command line decides what is
    /// used. A guess that is not the session (here the layout, which as a session file is full of
    /// errors) changes nothing, and neither does one on a command line that is wrong or asks for help.
    @Test func readingAheadNeverChangesWhatRenderDoes() throws {
        let dir = Fixture.temporaryDirectory()
        try FileManager.default.copyItem(atPath: DocumentCommandTests.beslisnota, toPath: dir + "/sessie.txt")
        try FileManager.default.copyItem(atPath: DocumentCommandTests.beslisnota, toPath: dir + "/sessie.yaml")
        try FileManager.default.copyItem(atPath: Fixture.resources.layouts + "/werkblad-a4.yaml", toPath: dir + "/a4.yaml")
        let guessedWrong = try run(Fixture.executable, ["render", "sessie.txt", "--layout", "a4.yaml", "--alleen", "werkblad", "-o", "w.pdf"], in: dir)
        #expect(guessedWrong.status == 0, "\(guessedWrong.stderr)")
        #expect(!guessedWrong.stderr.contains("a4.yaml"), "\(guessedWrong.stderr)")
        #expect(try run("pdfinfo", [dir + "/w.pdf"]).stdout.contains("595.276 x 841.89"))
        try FileManager.default.removeItem(atPath: dir + "/w.pdf")

        let extra = try run(Fixture.executable, ["render", "sessie.yaml", "-o", "w.pdf", "--dpi", "20"], in: dir)
        #expect(extra.status == 64, "\(extra.stderr)")
        #expect(extra.stderr.contains("--dpi"), "\(extra.stderr)")
        let help = try run(Fixture.executable, ["render", "sessie.yaml", "--help"], in: dir)
        #expect(help.status == 0 && help.stdout.contains("--alleen"), "\(help.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a4.yaml", "sessie.txt", "sessie.yaml"])

        let guessedRight = try run(Fixture.executable, ["render", "sessie.yaml", "-o", "w.pdf"], in: dir)
        #expect(guessedRight.status == 0, "\(guessedRight.stderr)")
        #expect(guessedRight.stderr.contains("sessie.yaml:70:26: waarschuwing: de naam 'Pieter'"), "\(guessedRight.stderr)")
    }

    @Test func aFailedRenderLeavesAnExistingOutputUntouched() throws {
        let dir = Fixture.temporaryDirectory()
        try "oud".write(toFile: dir + "/w.pdf", atomically: true, encoding: .utf8)
        try "versie: 9\n".write(toFile: dir + "/fout.yaml", atomically: true, encoding: .utf8)
        let result = try run(Fixture.executable, ["render", "fout.yaml", "-o", "w.pdf"], in: dir)
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: dir + "/w.pdf", encoding: .utf8) == "oud")
    }

    /// `render` reads the layout while the session file is read on another thread; what it
    /// reports stays as if one followed the other: the session's error first, the layout's when
    /// the session is fine, each once.
    @Test func renderReportsTheSessionsErrorBeforeTheLayouts() throws {
        let dir = Fixture.temporaryDirectory()
        try "sessie:\n  titel: kapot\n  spelres: 3\n".write(toFile: dir + "/kapot.yaml", atomically: true, encoding: .utf8)
        try "pagina: [\n".write(toFile: dir + "/kapot-layout.yaml", atomically: true, encoding: .utf8)
        let both = try run(Fixture.executable, ["render", "kapot.yaml", "--layout", "kapot-layout.yaml", "-o", "w.pdf"], in: dir)
        #expect(both.status == 1)
        #expect(both.stderr.hasPrefix("kapot.yaml:3:3: fout: onbekende sleutel 'spelres'"), "\(both.stderr)")
        #expect(!both.stderr.contains("kapot-layout.yaml"))
        let layout = try run(Fixture.executable, ["render", DocumentCommandTests.beslisnota, "--layout", "kapot-layout.yaml", "-o", "w.pdf"], in: dir)
        #expect(layout.status == 1)
        #expect(layout.stderr.components(separatedBy: "kapot-layout.yaml:2:1: fout: geen geldige YAML").count == 2, "\(layout.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/w.pdf"))
    }

    @Test func checkValidatesSeveralFilesAndFailsOnAnyError() throws {
        let dir = Fixture.temporaryDirectory()
        try "sessie:\n  tijd: 13:30\n".write(toFile: dir + "/goed.yaml", atomically: true, encoding: .utf8)
        try "sessie:\n  tijd: 13.30\n".write(toFile: dir + "/fout.yaml", atomically: true, encoding: .utf8)
        let good = try run(Fixture.executable, ["check", "goed.yaml"], in: dir)
        #expect(good.status == 0 && good.stderr.contains("1 in orde, 0 met fouten"))
        let both = try run(Fixture.executable, ["check", "goed.yaml", "fout.yaml"], in: dir)
        #expect(both.status == 1 && both.stderr.contains("fout.yaml:2:9: fout:") && both.stderr.contains("1 in orde, 1 met fouten"))
    }

    @Test func initWritesAValidStarterFileAndWillNotOverwrite() throws {
        let dir = Fixture.temporaryDirectory()
        #expect(try run(Fixture.executable, ["init", "nieuw.yaml"], in: dir).status == 0)
        let (session, warnings) = try SessionParser(file: dir + "/nieuw.yaml").parse()
        #expect(session.sessie.tijd == "13:30" && session.dilemma != nil)
        #expect(warnings.count == 0 || warnings.allSatisfy { $0.severity == .warning })
        let again = try run(Fixture.executable, ["init", "nieuw.yaml"], in: dir)
        #expect(again.status == 1 && again.stderr.contains("bestaat al"))
        #expect(try run(Fixture.executable, ["render", "nieuw.yaml", "-o", "w.pdf"], in: dir).status == 0)
    }

    /// What only the user has, a session file, is on the disk before it is renamed into place
    /// (and its folder after); a document werkblad can make again is renamed without waiting for
    /// the disk. strace, not werkblad, reports which calls were made and in what order.
    @Test func aSessionFileIsFlushedToTheDiskADocumentIsNot() throws {
        let dir = Fixture.temporaryDirectory()
        let folder = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        /// The flushes and renames of one run, as strace prints them (`-y`: a descriptor with its path).
        func calls(_ arguments: [String]) throws -> [String] {
            let result = try run("strace", ["-f", "-y", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", "calls.log",
                                            Fixture.executable] + arguments, in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            let log = try String(contentsOfFile: dir + "/calls.log", encoding: .utf8)
            return log.split(separator: "\n").compactMap { line -> String? in
                guard let call = line.firstRange(of: #/(fsync|fdatasync|rename\w*)\(.*\) = 0/#) else { return nil }
                return String(line[call])
            }
        }
        let session = try calls(["init", "nieuw.yaml"])
        #expect(session.count == 3, "\(session)")
        if session.count == 3 {
            #expect(session[0].hasPrefix("fsync(") && session[0].contains("/.nieuw.yaml."))
            // rename(2), or renameat/renameat2 where glibc makes those of it (aarch64).
            #expect(session[1].hasPrefix("rename") && session[1].contains("\"nieuw.yaml\""))
            #expect(session[2].hasPrefix("fsync(") && session[2].contains("<\(folder)>"))
        }
        for output in ["w.pdf", "w.png"] {
            let document = try calls(["render", "nieuw.yaml", "-o", output])
            #expect(document.contains { $0.hasPrefix("rename") && $0.contains("\"\(output)\"") }, "\(document)")
            #expect(!document.contains { $0.contains("sync(") }, "\(document)")
        }
    }

    /// The C++ runtime is linked into the program (Linking/static-libstdc++) where GCC's archive
    /// is installed: the dynamic loader does not load libstdc++.so.6 for a render. readelf reads
    /// what the program asks the loader for. (An archive render still opens libqpdf, with its own
    /// C++ runtime: the archive tests validate those files.)
    @Test func theProgramDoesNotLoadTheCxxRuntime() throws {
        // GCC prints the archive's full path where it is installed, else the bare name.
        let staticRuntimeInstalled = try run("gcc", ["-print-file-name=libstdc++.a"]).stdout.hasPrefix("/")
        let needed = try run("readelf", ["-d", Fixture.executable]).stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("[libpangocairo-1.0.so.0]") }, "\(needed)")
        #expect(needed.contains { $0.contains("[libstdc++.so.6]") } == !staticRuntimeInstalled, "\(needed)")
    }

    /// Pango 1.50.12 would start two threads for each new font pattern (about ten in a full
    /// render); werkblad runs those font searches on the thread that needs them (CPangoThreads).
    /// What is left: Pango's one fontconfig start-up thread and, in `render`, the two that set up
    /// the engine and read the session file while the command line is parsed (`RenderAhead`).
    /// strace counts the threads the process creates.
    @Test(arguments: [["render", DocumentCommandTests.beslisnota, "-o", "w.pdf"],
                      ["render", DocumentCommandTests.beslisnota, "--archief", "-o", "a.pdf"],
                      ["blank", "-o", "b.pdf"]])
    func fontSearchesStartNoThreads(arguments: [String]) throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run("strace", ["-f", "-e", "trace=clone,clone3", "-o", "threads.log", Fixture.executable] + arguments, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let log = try String(contentsOfFile: dir + "/threads.log", encoding: .utf8)
        let threads = log.split(separator: "\n").filter { $0.contains(#/clone3?\(.*\) = [1-9]/#) }
        #expect(threads.count >= 1 && threads.count <= (arguments[0] == "render" ? 3 : 1), "\(log)")
        let fonts = try pdfFonts(dir + "/" + arguments.last!)
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.name.contains("+Noto") && $0.embedded }, "\(fonts)")
    }
}

@Suite("Command line: diagrams, toelichting, archive")
struct DocumentCommandTests {
    static let beslisnota = Fixture.resources.root + "/samples/beslisnota.yaml"

    @Test(arguments: ["common-ground", "bandbreedte", "waardenkaart"])
    func diagramFilledAndBlankInEveryFormat(kind: String) throws {
        let dir = Fixture.temporaryDirectory()
        for ext in ["pdf", "png", "svg"] {
            let filled = try run(Fixture.executable, ["diagram", kind, Self.beslisnota, "-o", "d.\(ext)", "--dpi", "40"], in: dir)
            #expect(filled.status == 0, "\(filled.stderr)")
            let blank = try run(Fixture.executable, ["diagram", kind, "-o", "leeg.\(ext)", "--dpi", "40"], in: dir)
            #expect(blank.status == 0, "\(blank.stderr)")
        }
        #expect(try pdfText(dir + "/d.pdf").contains("Stap"))
        // An SVG has a white page, so it reads in a dark viewer too.
        let svg = try String(contentsOfFile: dir + "/d.svg", encoding: .utf8)
        #expect(svg.contains("<rect x=\"0\" y=\"0\" width=\"1190.551181\" height=\"841.889764\" style=\"fill:rgb(100%,100%,100%)"))
    }

    @Test func unknownDiagramIsRefused() throws {
        let result = try run(Fixture.executable, ["diagram", "taartdiagram", "-o", "x.pdf"], in: Fixture.temporaryDirectory())
        #expect(result.status != 0)
    }

    @Test func blankPosterOverA4() throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["diagram", "bandbreedte", "--a4", "-o", "poster.pdf"], in: dir)
        #expect(result.status == 0)
        #expect(try run("pdfinfo", [dir + "/poster.pdf"]).stdout.contains("Pages:           2"))
        let a1 = try run(Fixture.executable, ["diagram", "bandbreedte", "--poster", "a1", "-o", "a1.pdf"], in: dir)
        #expect(a1.status == 0)
        #expect(try run("pdfinfo", [dir + "/a1.pdf"]).stdout.contains("Pages:           8"))
        let wrong = try run(Fixture.executable, ["diagram", "bandbreedte", "--poster", "a0", "-o", "a0.pdf"], in: dir)
        #expect(wrong.status != 0)
    }

    @Test func toelichtingForASessionIsNotAddressedToOneParticipant() throws {
        let dir = Fixture.temporaryDirectory()
        let result = try run(Fixture.executable, ["toelichting", "deelnemer", Self.beslisnota, "-o", "t.pdf"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try pdfText(dir + "/t.pdf")
        #expect(text.contains("Afwijkend ambtelijk advies") && text.contains("Gespreksregels"))
        #expect(!text.contains("Voor "))
    }

    @Test func toelichtingGespreksleiderAndHandoutsFromTheCommandLine() throws {
        let dir = Fixture.temporaryDirectory()
        let guide = try run(Fixture.executable, ["toelichting", "gespreksleider", Self.beslisnota, "-o", "gids.pdf"], in: dir)
        #expect(guide.status == 0 && guide.stdout.contains("gids.pdf"))
        let handouts = try run(Fixture.executable, ["handouts", Self.beslisnota, "-o", "hand-outs"], in: dir)
        #expect(handouts.status == 0)
        #expect(handouts.stdout.split(separator: "\n").count == 5)
    }

    @Test func archiefNeedsAPDFAndRendersOne() throws {
        let dir = Fixture.temporaryDirectory()
        let png = try run(Fixture.executable, ["render", "--archief", Self.beslisnota, "-o", "a.png"], in: dir)
        #expect(png.status != 0 && png.stderr.contains("--archief maakt een PDF"))
        let pdf = try run(Fixture.executable, ["render", "--archief", Self.beslisnota, "-o", "a.pdf", "--alleen", "werkblad"], in: dir)
        #expect(pdf.status == 0)
        #expect(try run("pdfinfo", ["-meta", dir + "/a.pdf"]).stdout.contains("<pdfaid:part>2</pdfaid:part>"))
        #expect(try run("pdfinfo", [dir + "/a.pdf"]).stdout.contains("Pages:           1"))
    }
}
