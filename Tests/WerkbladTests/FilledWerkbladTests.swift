import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// Renders a session file with the shared engine; returns the PDF path and the report.
func renderSession(_ path: String, output: String = "werkblad.pdf") throws -> (String, RenderReport) {
    let out = Fixture.temporaryDirectory() + "/" + output
    let report = try Fixture.withEngine { try $0.renderSession(path, to: out) }
    return (out, report)
}

func writeSession(_ text: String, name: String = "sessie.yaml") throws -> String {
    let path = Fixture.temporaryDirectory() + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The words of a text, without punctuation or hyphens, for comparing with extracted PDF text.
func words(_ text: String) -> [String] {
    normalizeText(text).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "•", with: " ")
        .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
}

@Suite("Filled werkblad")
struct FilledWerkbladTests {
    @Test(arguments: sampleFiles)
    func everyWordOfTheWerkbladFieldsIsInThePDF(path: String) throws {
        let (pdf, report) = try renderSession(path)
        let (session, _) = try SessionParser(file: path).parse()
        let (w, h) = try pdfPageSize(pdf)
        #expect(abs(w - 1190.55) < 0.01 && abs(h - 841.89) < 0.01)
        let inPDF = Set(words(try pdfText(pdf)))
        var expected: [String] = session.freeTexts.filter { !$0.field.path.hasPrefix("sessie.") && !$0.field.path.hasPrefix("afwegen.common-ground") }
            .flatMap { words($0.text.rendered) }
        expected += session.spelers.compactMap(\.naam).flatMap(words) + session.opties.compactMap(\.titel).flatMap(words)
        expected += words(session.sessie.titel ?? "")
        let missing = Set(expected).subtracting(inPDF)
        #expect(missing.isEmpty, "missing from \(path): \(missing.sorted().prefix(20))")
        #expect(report.pages >= 1)
        // Page 1 is the werkblad itself.
        #expect(try pdfText(pdf, page: 1).contains("Werkblad dilemmagesprek") || session.taal == .en)
    }

    /// One type scale: every word on a werkblad page, as pdftotext measures it (the height of its
    /// box over Noto Sans's 1.362 em), is set at a size of the layout's scale: title, heading,
    /// subtitle, label, small, and for text at most three steps; nothing below 8 pt.
    @Test(arguments: sampleFiles + ["blank", "blank-8-6"])
    func everySizeOnTheWerkbladIsOnTheScale(path: String) throws {
        let dir = Fixture.temporaryDirectory()
        let pdf = dir + "/w.pdf"
        let arguments = path == "blank" ? ["blank"] : path == "blank-8-6" ? ["blank", "--spelers", "8", "--opties", "6"]
            : ["render", path, "--alleen", "werkblad"]
        let result = try run(Fixture.executable, arguments + ["-o", pdf])
        #expect(result.status == 0, "\(result.stderr)")
        let t = try Fixture.defaultLayout.type
        let scale = ([t.title, t.heading, t.subtitle, t.label, t.small] + t.textSteps).map(\.points)
        #expect(t.textSteps.count <= 3 && t.textSteps.allSatisfy { $0 >= .pt(8) })
        let boxes = try run("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"]).stdout
        let sizes = boxes.matches(of: #/yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)"/#)
            .map { (Double($0.2)! - Double($0.1)!) / 1.362 }
        #expect(!sizes.isEmpty)
        let off = Set(sizes.filter { size in !scale.contains { abs($0 - size) < 0.15 } }.map { ($0 * 10).rounded() / 10 })
        #expect(off.isEmpty, "\(path): sizes off the scale \(off.sorted())")
        #expect(sizes.allSatisfy { $0 >= 7.9 }, "\(path): below 8 pt")
    }

    /// The grid holds: a filled werkblad whose text fits has every step heading on the same line as
    /// the blank; with only the dilemma filled in, every label of the blank (box titles, row and
    /// column heads, the header's labels) stands exactly where it stands on the blank, so no box is
    /// smaller than on the blank. Positions as pdftotext reads them.
    @Test(arguments: ["alleen-dilemma.yaml", "beslisnota.yaml", "open-data-en.json"])
    func theGridOfTheBlankHolds(sample: String) throws {
        let dir = Fixture.temporaryDirectory()
        let path = Fixture.resources.root + "/samples/" + sample
        let (session, _) = try SessionParser(file: path).parse()
        // The blank with as many player and option columns as the session has.
        var blankArguments = ["blank", "-o", dir + "/blank.pdf", "--spelers", "\(session.spelers.isEmpty ? 3 : session.spelers.count)",
                              "--opties", "\(session.opties.isEmpty ? 2 : session.opties.count)"]
        if session.taal == .en { blankArguments += ["--taal", "en"] }
        #expect(try run(Fixture.executable, blankArguments).status == 0)
        #expect(try run(Fixture.executable, ["render", path, "--alleen", "werkblad", "-o", dir + "/filled.pdf"]).status == 0)
        func words(_ pdf: String) throws -> [(x: Double, y: Double, word: String)] {
            try run("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"]).stdout
                .matches(of: #/xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="[0-9.]+">([^<]+)</#)
                .map { (Double($0.1)!, Double($0.2)!, String($0.3)) }
        }
        let blank = try words(dir + "/blank.pdf"), filled = try words(dir + "/filled.pdf")
        func at(_ w: (x: Double, y: Double, word: String), in list: [(x: Double, y: Double, word: String)]) -> Bool {
            list.contains { $0.word == w.word && abs($0.x - w.x) < 0.05 && abs($0.y - w.y) < 0.05 }
        }
        let headings = session.taal == .en ? ["Getting", "Exploring", "Weighing", "Choosing", "Closing"]
            : ["Kennismaken", "Verkennen", "Afwegen", "Kiezen", "Afronding"]
        for heading in headings {
            let w = try #require(blank.first { $0.word == heading })
            #expect(at(w, in: filled), "\(sample): \(heading) moved")
        }
        guard sample == "alleen-dilemma.yaml" else { return }
        // Every label word of the blank, except the subtitle the session's title replaces.
        let labels = blank.filter { !["Als", "openbaarheid", "schuurt"].contains($0.word) }
        let moved = labels.filter { !at($0, in: filled) }.map(\.word)
        #expect(moved.isEmpty, "moved: \(moved)")
    }

    /// A box that continues says on which sheet, as pdftotext reads it; that sheet continues it
    /// under a heading that names the player; every sheet is numbered "blad k van n".
    @Test func overflowCanBeFollowedFromBoxToSheet() throws {
        let path = Fixture.resources.root + "/samples/vol-8-spelers-6-opties.yaml"
        let (pdf, report) = try renderSession(path, output: "vol.pdf")
        let continued = report.warnings.filter { $0.message.contains("vervolgblad") }
        let first = try pdfText(pdf, page: 1)
        let markers = first.matches(of: #/› (?:vervolg op )?blad (\d+)/#).map { Int($0.1)! }
        #expect(markers.count == continued.count, "one marker per box that continues")
        let sheets = Set(markers)
        #expect(sheets.count > 1)
        // Step 1's box comes first on the werkblad and first on the vervolgbladen.
        #expect(markers.first == 2)
        let total = try pdfText(pdf).matches(of: #/blad \d+ van (\d+)/#).map { Int($0.1)! }.first ?? 0
        #expect(total >= sheets.max()!)
        for sheet in 1...total {
            #expect(try pdfText(pdf, page: sheet).contains("blad \(sheet) van \(total)"), "sheet \(sheet) numbered")
        }
        for sheet in sheets {
            #expect(try pdfText(pdf, page: sheet).contains("vervolg van"), "blad \(sheet) continues a box")
            #expect(try pdfText(pdf, page: sheet).contains("Vervolgblad · blad \(sheet)"))
        }
        // The vervolgblad names the player whose cell it continues, by letter and by name.
        let all = normalizeText(try pdfText(pdf)).replacingOccurrences(of: "\n", with: " ")
        #expect(all.contains("Speler D · Gemeenten › Standpunten en emoties"))
        #expect(all.contains("Optie 6 · Niet openbaar › Nadelen"))
    }

    @Test func theFullestSessionLosesNothingAndContinuesOnVervolgbladen() throws {
        let path = Fixture.resources.root + "/samples/vol-8-spelers-6-opties.yaml"
        let (pdf, report) = try renderSession(path)
        #expect(report.pages > 1)
        #expect(try pdfText(pdf, page: 2).contains("Vervolgblad"))
        #expect(report.warnings.contains { $0.message.contains("vervolgblad") && $0.position.line != nil })
        // Word counts, not only presence: every occurrence of every word is printed.
        let (session, _) = try SessionParser(file: path).parse()
        var expected: [String: Int] = [:]
        for t in session.freeTexts.map(\.text) where !t.isEmpty { for w in words(t.rendered) { expected[w, default: 0] += 1 } }
        var printed: [String: Int] = [:]
        for w in words(try pdfText(pdf)) { printed[w, default: 0] += 1 }
        let short = expected.filter { printed[$0.key, default: 0] < $0.value }
        #expect(short.isEmpty, "fewer occurrences printed: \(short.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key) \($0.value)×, printed \(printed[$0.key, default: 0])×" })")
    }

    @Test func noTextOverlapsOtherTextOrLeavesItsBox() throws {
        let path = Fixture.resources.root + "/samples/vol-8-spelers-6-opties.yaml"
        let (session, _) = try SessionParser(file: path).parse()
        let frames = try Fixture.withEngine { e in
            e.composeWerkblad(session.werkbladContent().content, layout: try e.layout("werkblad-a3")).frames
        }
        for frame in frames {
            let page = Rect(x: .zero, y: .zero, width: frame.size.width, height: frame.size.height).inset(by: .mm(10))
            let texts = frame.textItems
            for t in texts {
                #expect(page.contains(t.occupied), "'\(t.text.prefix(30))' outside the printable area")
                #expect(t.box.contains(t.occupied), "'\(t.text.prefix(30))' outside its box")
                #expect(t.style.font.size >= .pt(7))
            }
            for (i, a) in texts.enumerated() {
                for b in texts[(i + 1)...] where a.occupied.intersects(b.occupied) {
                    Issue.record("'\(a.text.prefix(30))' overlaps '\(b.text.prefix(30))'")
                }
            }
        }
    }

    @Test func textIsPrintedLiterallyNotAsMarkup() throws {
        let path = try writeSession("kennismaken:\n  dilemma: \"Tekst met <b>vet</b> & &amp; *sterren*\"\n")
        let (pdf, _) = try renderSession(path)
        #expect(try pdfText(pdf).contains("Tekst met <b>vet</b> & &amp; *sterren*"))
    }

    @Test func chathamHidesParticipantNamesAndNamenPrintsThem() throws {
        let base = """
        sessie:
          titel: "Test"
          gespreksleider: "Lea Leider"
          dilemma-eigenaar: "Otto Eigenaar"
          deelnemers: ["Otto Eigenaar", "Dina Deelnemer"]

        """
        let (chatham, _) = try renderSession(try writeSession(base))
        let hidden = try pdfText(chatham)
        #expect(!hidden.contains("Otto") && !hidden.contains("Dina"))
        #expect(hidden.contains("Lea Leider") && hidden.contains("Chatham House Rule"))
        let (namen, _) = try renderSession(try writeSession(base + "  verslaglegging: namen\n"))
        #expect(try pdfText(namen).contains("Otto Eigenaar"))
    }

    @Test func aFileWithOnlySessieAndTheDilemmaPrintsTheWerkbladToTakeIntoTheRoom() throws {
        let (pdf, report) = try renderSession(Fixture.resources.root + "/samples/alleen-dilemma.yaml")
        #expect(report.pages == 1)
        let text = try pdfText(pdf)
        for label in BlankWerkbladTests.dutchLabels { #expect(text.contains(label), "\(label)") }
        #expect(text.contains("3 december 2026") && text.contains("13:30–16:00"))
    }

    @Test(arguments: [("png", 0x89), ("svg", 0x3C)])
    func rendersPNGAndSVG(ext: String, firstByte: UInt8) throws {
        let (out, report) = try renderSession(Fixture.resources.root + "/samples/beslisnota.yaml", output: "w.\(ext)")
        // One file per page: the werkblad, then its three diagrams.
        #expect(report.written == [out] + (2...4).map { FrameRenderer.pagePath(out, page: $0) })
        for file in report.written { #expect(try Data(contentsOf: URL(fileURLWithPath: file)).first == firstByte) }
    }

    @Test func sameSessionSameBytes() throws {
        let path = Fixture.resources.root + "/samples/woo-gespreksverslagen.yaml"
        let a = try Data(contentsOf: URL(fileURLWithPath: try renderSession(path).0))
        let b = try Data(contentsOf: URL(fileURLWithPath: try renderSession(path).0))
        #expect(a == b)
        let info = try run("pdfinfo", ["-isodates", try renderSession(path).0]).stdout
        #expect(info.contains("2026-10-08T09:30:00"))
    }
}

@Suite("Text fitting")
struct TextFittingTests {
    let style = TextStyle(font: FontSpec(family: "Noto Sans", size: .pt(12)))

    @Test func textThatFitsKeepsItsSize() {
        let r = Fixture.withEngine { $0.fitter.fit("Kort.", style: style, in: Size(width: .mm(50), height: .mm(20)), minimumSize: .pt(7)) }
        #expect(r.fontSize == .pt(12) && r.overflow == nil && !r.shrunk)
    }

    @Test func textThatDoesNotFitIsSetSmallerButNotBelowTheMinimum() {
        let text = String(repeating: "Openbaarheid is een plicht en een recht. ", count: 6)
        let box = Size(width: .mm(60), height: .mm(30))
        let r = Fixture.withEngine { $0.fitter.fit(text, style: style, in: box, minimumSize: .pt(7)) }
        #expect(r.shrunk && r.overflow == nil)
        #expect(r.fontSize < .pt(12) && r.fontSize >= .pt(7))
        #expect(r.measured.height <= box.height)
        // A quarter point larger would not have fitted.
        let larger = Fixture.withEngine { $0.fitter.fit(text, style: style.sized(r.fontSize + .pt(0.5)), in: box,
                                                        minimumSize: r.fontSize + .pt(0.5)) }
        #expect(larger.overflow != nil)
    }

    @Test func whatDoesNotFitAtTheMinimumOverflowsWithNothingLost() {
        let text = (1...200).map { "woord\($0)" }.joined(separator: " ")
        let r = Fixture.withEngine { $0.fitter.fit(text, style: style, in: Size(width: .mm(40), height: .mm(20)), minimumSize: .pt(7)) }
        #expect(r.fontSize == .pt(7))
        let rest = try! #require(r.overflow)
        #expect(words(r.text) + words(rest) == words(text))
    }

    @Test func aWordTooWideForItsCellIsHyphenatedAtASyllableWithAVisibleHyphen() throws {
        let r = Fixture.withEngine {
            $0.fitter.fit("verantwoordingsplicht", style: style, in: Size(width: .mm(25), height: .mm(40)), minimumSize: .pt(12))
        }
        #expect(r.text.contains("\u{AD}"))
        let lines = Fixture.withEngine { e -> [String] in
            e.fitter.layout.configure(text: r.text, font: style.font, width: .mm(25))
            let bytes = Array(r.text.utf8)
            let starts = e.fitter.layout.lines.map(\.byteOffset) + [bytes.count]
            return (0..<(starts.count - 1)).map { String(decoding: bytes[starts[$0]..<starts[$0 + 1]], as: UTF8.self) }
        }
        #expect(lines.count >= 2)
        // Every line but the last ends at a syllable boundary (a soft hyphen, drawn as '-').
        for line in lines.dropLast() { #expect(line.hasSuffix("\u{AD}"), "\(line)") }
        // And the PDF shows the hyphen.
        let path = try writeSession("verkennen:\n  spelers:\n    - naam: A\n      standpunten-en-emoties: verantwoordingsplicht\n" +
                                    String(repeating: "    - naam: B\n", count: 7))
        let (pdf, _) = try renderSession(path)
        let raw = try run("pdftotext", ["-raw", pdf, "-"]).stdout
        #expect(raw.contains("\u{AD}\n"), "a line ends at a soft hyphen, drawn as a hyphen")
        #expect(words(try pdfText(pdf)).contains("verantwoordingsplicht"))
    }

    /// The lines Pango makes of `text` in `width`.
    func lines(_ text: String, width: Length, size: Length? = nil) -> [String] {
        Fixture.withEngine { e -> [String] in
            e.fitter.layout.configure(text: text, font: style.sized(size ?? style.font.size).font, width: width)
            let bytes = Array(text.utf8)
            let starts = e.fitter.layout.lines.map(\.byteOffset) + [bytes.count]
            return (0..<(starts.count - 1)).map { String(decoding: bytes[starts[$0]..<starts[$0 + 1]], as: UTF8.self) }
        }
    }

    @Test func aBulletPointsLinesHangUnderItsFirstWord() throws {
        let path = try writeSession("""
        kiezen:
          hoe-nu-verder:
            - "Alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar"
            - "Papa"
        """)
        let (pdf, _) = try renderSession(path)
        let words = try run("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf, "-"]).stdout
            .matches(of: #/xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="[0-9.]+">([^<]+)</#)
            .map { (x: Double($0.1)!, y: Double($0.2)!, word: String($0.3)) }
        let names = ["Alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima", "mike",
                     "november", "oscar"]
        let own = words.filter { names.contains($0.word) }
        let first = try #require(own.first { $0.word == "Alfa" })
        let later = own.filter { $0.y > first.y + 1 }
        try #require(!later.isEmpty, "the point takes more than one line")
        // Each following line starts where the first word does, right of the bullet.
        for line in Set(later.map { Int($0.y) }) {
            let start = later.filter { Int($0.y) == line }.map(\.x).min()!
            #expect(abs(start - first.x) < 0.6, "a line starts at \(start), the first word at \(first.x)")
        }
        // The next point's bullet stands at the edge again, left of its word.
        let bullet = try #require(words.first { $0.word == "•" && $0.y > later.map(\.y).max()! })
        #expect(bullet.x < first.x - 2)
    }

    @Test("A compound too wide for its cell breaks between its parts, not inside them",
          arguments: [("persoonsgegevens", "persoons"), ("gemeentewet", "gemeente"), ("openbaarheidsbeleid", "openbaarheids")])
    func compoundsBreakAtTheirBoundary(word: String, first: String) throws {
        // A cell as wide as the first part and its hyphen, at 12 pt.
        let width = Fixture.withEngine { $0.fitter.measure(first + "-", style: style, width: nil).width } + .pt(1)
        let r = Fixture.withEngine { $0.fitter.fit(word, style: style, in: Size(width: width, height: .mm(40)), minimumSize: .pt(12)) }
        let set = lines(r.text, width: width)
        #expect(set.count == 2 && set[0] == first + "\u{AD}", "\(set)")
    }

    @Test func noMoreThanTwoHyphenatedLinesInARowWhenSettingSmallerAvoidsIt() throws {
        let text = "verantwoordingsplicht uitvoeringsorganisatie persoonsgegevens"
        let box = Size(width: .mm(24), height: .mm(60))
        let r = Fixture.withEngine { $0.fitter.fit(text, style: style, in: box, minimumSize: .pt(8)) }
        let set = lines(r.text, width: box.width, size: r.fontSize)
        var run = 0, longest = 0
        for line in set { if line.hasSuffix("\u{AD}") { run += 1; longest = max(longest, run) } else { run = 0 } }
        #expect(longest <= 2, "\(set) at \(r.fontSize.points) pt")
        #expect(words(set.joined().replacingOccurrences(of: "\u{AD}", with: "")) == words(text))
    }
}

@Suite("Space follows content")
struct SpaceDistributionTests {
    func rowLabelTops(_ content: WerkbladContent) throws -> [Double] {
        let frames = try Fixture.withEngine { e in e.composeWerkblad(content, layout: try e.layout("werkblad-a3")).frames }
        return ["Standpunten en emoties", "Belangen en waarden", "Rechten en voorkeuren"].map { label in
            frames[0].textItems.first { $0.text == label }!.box.y.points
        }
    }

    @Test func blankRowsAreEqual() throws {
        let y = try rowLabelTops(WerkbladContent())
        #expect(abs((y[1] - y[0]) - (y[2] - y[1])) < 0.01)
    }

    @Test func aRowWithMoreTextGetsMoreHeight() throws {
        let long = String(repeating: "Openbaarheid vraagt om zorgvuldigheid. ", count: 8)
        let content = WerkbladContent(cells: ["standpunten-en-emoties": [long, nil, nil], "belangen-en-waarden": ["Kort.", nil, nil]])
        let y = try rowLabelTops(content)
        #expect(y[1] - y[0] > (y[2] - y[1]) * 1.5)
    }
}
