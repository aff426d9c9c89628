import Foundation
import Testing

/// Every document werkblad makes, in its archive version, judged by validators that did not write
/// it: page-validation (PDF/A-2u, PDF/UA-1) and Apache PDFBox Preflight (PDF/A-1b, less the findings
/// that concern PDF/A-1 alone), through `scripts/validate-pdf` (installed by `scripts/install-validators`).
@Suite("Independent validators", .serialized)
struct ValidatorTests {
    /// The archive files: every sample's werkblad with diagrams, a blank werkblad with 3 and with 8
    /// players, each diagram filled and blank, the guide, a hand-out and the voorbereiding.
    static func archiveFiles() throws -> [String] {
        let dir = Fixture.temporaryDirectory()
        let samples = Fixture.resources.root + "/samples"
        let beslisnota = samples + "/beslisnota.yaml"
        var commands: [[String]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: samples).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            commands.append(["render", "--archief", samples + "/" + name, "-o", dir + "/" + name + ".pdf"])
        }
        commands.append(["blank", "--archief", "-o", dir + "/leeg.pdf"])
        commands.append(["blank", "--archief", "--spelers", "8", "--opties", "6", "--taal", "en", "-o", dir + "/leeg-8-6.pdf"])
        for kind in ["common-ground", "bandbreedte", "waardenkaart"] {
            commands.append(["diagram", "--archief", kind, beslisnota, "-o", dir + "/\(kind).pdf"])
            commands.append(["diagram", "--archief", kind, "-o", dir + "/\(kind)-leeg.pdf"])
        }
        commands.append(["toelichting", "--archief", "gespreksleider", beslisnota, "-o", dir + "/gids.pdf"])
        commands.append(["handouts", "--archief", beslisnota, "-o", dir + "/hand-outs"])
        commands.append(["voorbereiding", "--archief", beslisnota, "-o", dir + "/voorbereiding.pdf"])
        commands.append(["voorbereiding", "--archief", "--taal", "en", "-o", dir + "/voorbereiding-en.pdf"])
        for arguments in commands {
            let result = try run(Fixture.executable, arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let outputs = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".pdf") }
        return outputs.sorted().map { dir + "/" + $0 }
    }

    /// Made once for the suite's tests.
    static let files: [String] = (try? archiveFiles()) ?? []

    @Test func everyArchiveDocumentPassesPDFA2uPDFUA1AndPreflight() throws {
        let files = Self.files
        #expect(files.count >= 22)
        let script = Fixture.resources.root + "/scripts/validate-pdf"
        let result = try run(script, ["--profile", "2u", "--profile", "ua1", "--preflight"] + files)
        let summary = result.stdout.split(separator: "\n").filter { $0.contains("regels gefaald") || $0.contains("bevinding") }
        #expect(summary.count == files.count * 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.status == 0, "\(result.stdout.split(separator: "\n").filter { !$0.contains(": 0 van") && !$0.contains(": 0 bevindingen") }.joined(separator: "\n"))\n\(result.stderr)")
        for file in files {
            let check = try run("qpdf", ["--check", file])
            #expect(check.status == 0 && check.stdout.contains("No syntax or stream encoding errors"), "\(file): \(check.stdout)")
        }
    }
}

/// The structure tree as pdfminer.six reads it (`scripts/structure-text`): one element a line.
struct StructureTree {
    struct Element: Equatable { var depth: Int; var role: String; var text: String }
    var elements: [Element]
    var artifacts: [String]

    init(_ file: String) throws {
        let result = try run(Fixture.resources.root + "/scripts/structure-text", ["--artifacts", file])
        guard result.status == 0 else { throw StructureTreeError(message: result.stderr) }
        var elements: [Element] = [], artifacts: [String] = [], inArtifacts = false
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line == "-- artifacts" { inArtifacts = true; continue }
            if inArtifacts { artifacts.append(line); continue }
            let depth = line.prefix(while: { $0 == " " }).count / 2
            let body = line.drop(while: { $0 == " " })
            let parts = body.split(separator: ":", maxSplits: 1)
            elements.append(Element(depth: depth, role: String(parts[0]),
                                    text: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""))
        }
        self.elements = elements
        self.artifacts = artifacts
    }

    /// The index of the first element with `role` whose text is `text` (or starts with it), after `start`.
    func index(_ role: String, _ text: String, after start: Int = -1) -> Int? {
        elements.indices.first { $0 > start && elements[$0].role == role && elements[$0].text.hasPrefix(text) }
    }
}

struct StructureTreeError: Error { var message: String }

/// What a screen reader gets, read by a reader werkblad did not write (pdfminer.six for the marked
/// content, poppler for the tree's shape).
@Suite("Structure tree in reading order", .serialized)
struct StructureTreeTests {
    static let werkblad: StructureTree? = {
        let out = Fixture.temporaryDirectory() + "/woo.pdf"
        let sample = Fixture.resources.root + "/samples/woo-gespreksverslagen.yaml"
        guard (try? run(Fixture.executable, ["render", "--archief", "--alleen", "werkblad", sample, "-o", out]))?.status == 0 else { return nil }
        return try? StructureTree(out)
    }()

    @Test func oneDocumentElementHoldsEverything() throws {
        let tree = try #require(Self.werkblad)
        #expect(tree.elements.first == .init(depth: 0, role: "Document", text: ""))
        #expect(tree.elements.dropFirst().allSatisfy { $0.depth >= 1 })
    }

    @Test(arguments: [("Datum", "8 oktober 2026"), ("Tijd", "09:30–12:30"), ("Locatie", "Online (Teams)"),
                      ("Gespreksleider", "Marieke Jansen"), ("Dilemma-eigenaar", "Tom Verhoeven")])
    func headerLabelIsReadJustBeforeItsValue(label: String, value: String) throws {
        let tree = try #require(Self.werkblad)
        let at = try #require(tree.index("P", label), "\(label) not tagged")
        #expect(tree.elements[at].text == label)
        #expect(tree.elements[at + 1] == .init(depth: tree.elements[at].depth, role: "P", text: value))
    }

    /// Each step: its heading, then its questions each followed by the group's answer, inside one Sect.
    @Test func eachStepHeadingIsFollowedByItsLabelsAndValues() throws {
        let tree = try #require(Self.werkblad)
        let steps = ["1 Kennismaken", "2 Verkennen", "3 Afwegen", "4 Kiezen", "5 Afronding"]
        let headings = try steps.map { try #require(tree.index("H2", $0), "\($0)") }
        #expect(headings == headings.sorted())
        for h in headings { #expect(tree.elements[h - 1].role == "Sect" && tree.elements[h].text == steps[headings.firstIndex(of: h)!]) }
        let answers: [(step: Int, question: String, answer: String)] = [
            (0, "Wat is het dilemma?", "De verslagen bevatten openhartige uitspraken"),
            (1, "Wat is de gedeelde vraag?", "Hoe maken we zoveel mogelijk openbaar"),
            (2, "Wat is de conclusie?", "Zienswijze vragen en daarna openbaar maken"),
            (3, "Wat is de keuze?", "We vragen deze week een zienswijze"),
            (3, "Wat heeft wie nodig?", "• Tom: een concept-besluit vóór vrijdag"),
            (3, "Hoe nu verder?", "• Brief aan de netbeheerder"),
            (4, "Zijn we tevreden?", "Ja, met de kanttekening"),
            (4, "Samenvatting", "Openbaar tenzij"),
        ]
        for a in answers {
            let q = try #require(tree.index("H3", a.question, after: headings[a.step]), "\(a.question)")
            let next = a.step + 1 < headings.count ? headings[a.step + 1] : tree.elements.count
            #expect(q < next, "\(a.question) outside step \(a.step + 1)")
            // An answer in bullets is a list: L, then an LI per bullet with its LBody.
            let answer = a.answer.hasPrefix("•") ? q + 3 : q + 1
            #expect(a.answer.hasPrefix("•") == (tree.elements[q + 1].role == "L"), "\(tree.elements[q + 1])")
            #expect(tree.elements[answer].role == (a.answer.hasPrefix("•") ? "LBody" : "P")
                    && tree.elements[answer].text.hasPrefix(a.answer), "\(tree.elements[answer])")
        }
    }

    /// A column header reads "Speler A" and then the player's name; a row header its label, then the cells.
    @Test func tableHeadersReadLabelThenNameAndRowsTheirCells() throws {
        let tree = try #require(Self.werkblad)
        let players = ["Netbeheerder", "Journalist", "Minister", "Omwonenden"]
        for (i, name) in players.enumerated() {
            let label = "Speler " + String(UnicodeScalar(UInt8(65 + i)))
            let at = try #require(tree.index("P", label), "\(label) not tagged")
            #expect(tree.elements[at - 1].role == "TH[Column]")
            #expect(tree.elements[at + 1].role == "P" && tree.elements[at + 1].text == name)
        }
        let row = try #require(tree.index("TH[Row]", "Belangen en waarden"))
        #expect(tree.elements[(row + 1)...(row + 6)].map { "\($0.role) \($0.text)" }
                == ["TD ", "L ", "LI ", "LBody • Bedrijfsvertrouwelijkheid", "LI ", "LBody • Voorspelbaarheid"])
        let options = try #require(tree.index("TH[Column]", "Afwegingen"))
        #expect(tree.elements[options + 2].text == "Optie 1" && tree.elements[options + 3].text == "Lakken tot na de onderhandeling")
    }

    /// Every page of every document, print and archive version, is painted white first, over the
    /// whole page (as pdfminer.six reads the content): a page placed on a coloured ground stays paper.
    @Test func everyPageIsPaintedWhiteFirst() throws {
        let dir = Fixture.temporaryDirectory()
        let samples = Fixture.resources.root + "/samples"
        var files = ValidatorTests.files
        for name in try FileManager.default.contentsOfDirectory(atPath: samples).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            let out = dir + "/" + name + ".pdf"
            #expect(try run(Fixture.executable, ["render", samples + "/" + name, "-o", out]).status == 0)
            files.append(out)
        }
        #expect(try run(Fixture.executable, ["blank", "-o", dir + "/leeg.pdf"]).status == 0)
        files.append(dir + "/leeg.pdf")
        #expect(files.count >= 29)
        let script = """
            import sys
            from pdfminer.high_level import extract_pages
            from pdfminer.layout import LTTextContainer
            for path in sys.argv[1:]:
                for n, page in enumerate(extract_pages(path), 1):
                    first = next((o for o in page if not isinstance(o, LTTextContainer)), None)
                    whole = first is not None and all(abs(a - b) < 0.01 for a, b in zip(first.bbox, page.bbox))
                    white = whole and getattr(first, "fill", False) and tuple(first.non_stroking_color or ()) == (1, 1, 1)
                    print(("ok" if white else "NOT WHITE FIRST"), path, n, type(first).__name__, first.bbox if first else None)
            """
        let result = try run(Fixture.resources.root + "/.venv/bin/python", ["-c", script] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let wrong = lines.filter { !$0.hasPrefix("ok ") }
        #expect(lines.count >= files.count)
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    /// Only running headers, footers and page numbers are artifacts; every label, scale and name is read.
    @Test func onlyPaginationIsAnArtifact() throws {
        let files = ValidatorTests.files
        #expect(files.count >= 22)
        let pagination = /^(pagina|page|blad|sheet) \d+ (van|of) \d+$/
        for file in files {
            let tree = try StructureTree(file)
            let title = tree.elements.first { $0.role == "P" }?.text ?? ""
            for text in Set(tree.artifacts) {
                let allowed = text.contains("Programma Open Overheid") || text.contains("Open Government Programme")
                    || text.wholeMatch(of: pagination) != nil
                    // A running header repeats what the document says: each of its parts is read elsewhere.
                    || text.components(separatedBy: " · ").allSatisfy { part in tree.elements.contains { $0.text.contains(part) } }
                #expect(allowed, "\(file): artifact \"\(text)\" (title \(title))")
            }
            let poppler = try run("pdfinfo", ["-struct", file])
            #expect(poppler.status == 0 && !poppler.stderr.contains("Syntax Warning"), "\(file): \(poppler.stderr.prefix(300))")
        }
    }
}
