import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// Composes one diagram of a session file (or the blank one) with the shared engine.
func diagramFrames(_ kind: DiagramKind, _ path: String?) throws -> [Frame] {
    let session = try path.map { try SessionParser(file: $0).parse().session }
    return try Fixture.withEngine { try $0.composeDiagram(kind, session: session) }
}

/// Every rect filled with the layout's post-it colour: the post-its.
func postIts(_ frame: Frame, layout: DiagramLayout) -> [Rect] {
    func collect(_ items: [Item]) -> [Rect] {
        items.flatMap { item -> [Rect] in
            switch item {
            case let .rect(r, fill, _, _, _) where fill == layout.color("post-it"): return [r]
            case .tagged(_, let inner), .figure(_, let inner): return collect(inner)
            default: return []
            }
        }
    }
    return collect(frame.items)
}

/// Pairs of text items whose ink overlaps, and text outside the page.
func textCollisions(_ frame: Frame) -> [String] {
    let texts = frame.textItems
    var problems: [String] = []
    let page = Rect(x: .zero, y: .zero, width: frame.size.width, height: frame.size.height)
    for (i, a) in texts.enumerated() {
        if !page.contains(a.occupied) { problems.append("outside the page: \(a.text)") }
        for b in texts[(i + 1)...] where a.occupied.inset(by: .pt(0.5)).intersects(b.occupied.inset(by: .pt(0.5))) {
            problems.append("‘\(a.text)’ overlaps ‘\(b.text)’")
        }
    }
    return problems
}

/// A session with `count` ideas, `sameSpot` of them on one position.
func crowdedSession(count: Int, sameSpot: Int) throws -> String {
    var lines = ["sessie: {titel: Druk, deelnemers: [An, Bo], verslaglegging: namen}",
                 "afwegen:", "  handelingsperspectieven:", "    grenzen: [2, 8]", "    opties:"]
    for i in 0..<count {
        let position = i < sameSpot ? 5.0 : Double(i % 11)
        lines.append("      - { tekst: \"Idee nummer \(i + 1) met een wat langere omschrijving van de handeling\", positie: \(position), door: \(i % 2 == 0 ? "An" : "Bo") }")
    }
    return try writeSession(lines.joined(separator: "\n") + "\n")
}

@Suite("Diagrams")
struct DiagramTests {
    static let kinds = DiagramKind.allCases

    @Test(arguments: sampleFiles)
    func everyOptionTextAndValueIsInTheDiagramPDF(path: String) throws {
        let (session, _) = try SessionParser(file: path).parse()
        for kind in Self.kinds {
            let out = Fixture.temporaryDirectory() + "/\(kind.rawValue).pdf"
            let report = try Fixture.withEngine { try $0.renderDiagram(kind, session: path, to: out) }
            #expect(report.pages >= 1)
            let text = Set(words(try pdfText(out)))
            var expected: [String] = []
            switch kind {
            case .commonGround: expected = (session.commonGround?.waarden ?? []).flatMap(words)
            case .bandbreedte: expected = (session.handelingsperspectieven?.opties ?? []).flatMap { words($0.tekst) }
            case .waardenkaart: expected = session.waarden.all.flatMap(words)
            }
            let missing = Set(expected).subtracting(text)
            #expect(missing.isEmpty, "\(kind.rawValue) of \(path) misses \(missing.sorted())")
        }
    }

    @Test(arguments: sampleFiles)
    func noTwoLabelsOrPostItsOverlap(path: String) throws {
        let layout = try Fixture.withEngine { try $0.diagramLayout() }
        for kind in Self.kinds {
            for frame in try diagramFrames(kind, path) {
                #expect(textCollisions(frame).isEmpty, "\(kind.rawValue) of \(path): \(textCollisions(frame).prefix(5))")
                let rects = postIts(frame, layout: layout)
                for (i, a) in rects.enumerated() {
                    for b in rects[(i + 1)...] { #expect(!a.intersects(b), "post-its \(a) and \(b) overlap") }
                }
            }
        }
    }

    @Test(arguments: DiagramKind.allCases)
    func blankDiagramsHaveNoCollisions(kind: DiagramKind) throws {
        let frames = try diagramFrames(kind, nil)
        #expect(frames.count == 1)
        #expect(textCollisions(frames[0]).isEmpty)
    }

    @Test(arguments: [(18, 6), (18, 18), (60, 30)])
    func crowdedLinesStayOverlapFreeAndKeepEveryIdea(count: Int, sameSpot: Int) throws {
        let path = try crowdedSession(count: count, sameSpot: sameSpot)
        let layout = try Fixture.withEngine { try $0.diagramLayout() }
        let frames = try diagramFrames(.bandbreedte, path)
        var seen = 0
        for frame in frames {
            let rects = postIts(frame, layout: layout)
            seen += rects.count
            for (i, a) in rects.enumerated() {
                #expect(frame.size.width >= a.maxX && a.x >= .zero && a.y >= .zero && a.maxY <= frame.size.height)
                for b in rects[(i + 1)...] { #expect(!a.intersects(b)) }
            }
            #expect(textCollisions(frame).isEmpty, "\(textCollisions(frame).prefix(3))")
            // The text on a post-it is never set below the layout's minimum.
            for item in frame.textItems { #expect(item.style.font.size >= layout.length("type.minimum")) }
        }
        #expect(seen == count)
        // Spread evenly over the pages: none carries less than half of what another does.
        let perPage = frames.map { postIts($0, layout: layout).count }.filter { $0 > 0 }
        #expect(perPage.min()! * 2 >= perPage.max()!, "post-its per page: \(perPage)")
        let text = frames.flatMap(\.textItems).map(\.text).joined(separator: " ")
        for i in 1...count { #expect(text.contains("Idee nummer \(i) ")) }
    }

    @Test func postItsBeyondALimitAreMarkedInWordsNotOnlyByColour() throws {
        let path = Fixture.resources.root + "/samples/beslisnota.yaml"
        let frames = try diagramFrames(.bandbreedte, path)
        let labels = frames[0].textItems.map(\.text)
        // Beslisnota: "Advies weglaten" at 0,5 lies below the limit at 2; the others lie within.
        #expect(labels.filter { $0 == "gaat te ver" }.count == 1)
        #expect(frames[0].figureTexts.first?.contains("‘Advies weglaten’ op 0,5, gaat te ver") == true)
    }

    @Test func chathamHidesParticipantsInTheCommonGround() throws {
        let path = Fixture.resources.root + "/samples/beslisnota.yaml"
        let out = Fixture.temporaryDirectory() + "/cg.pdf"
        _ = try Fixture.withEngine { try $0.renderDiagram(.commonGround, session: path, to: out) }
        let text = try pdfText(out)
        #expect(text.contains("Deelnemer 1") && text.contains("Deelnemer 4"))
        for name in ["Pieter", "Noor", "Bram", "Eva"] { #expect(!text.contains(name)) }
        #expect(text.contains("Navolgbaarheid") && text.contains("Loyaliteit"))
    }

    @Test func theBlankPosterReadsFromAcrossTheRoomAndHasItsBlueBars() throws {
        let out = Fixture.temporaryDirectory() + "/poster.pdf"
        _ = try Fixture.withEngine { try $0.renderDiagram(.bandbreedte, session: nil, to: out) }
        let words = try run("pdftotext", ["-bbox", out, "-"]).stdout
            .matches(of: #/yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]+)</#).map { (String($0.3), Double($0.2)! - Double($0.1)!) }
        // Noto Sans's line box is 1.362 em: the scale's numbers and its ends at least 24 pt.
        for label in ["0", "5", "10", "klein", "groot"] {
            let height = try #require(words.last { $0.0 == label }?.1, "\(label)")
            #expect(height / 1.362 >= 24, "\(label): \(height / 1.362) pt")
        }
        #expect(words.contains { $0.0 == "blauwe" })
        // The two bars, in the layout's blue (#01689b), measured on the pixels: two separate runs across a row.
        let image = try pdfGreyPage(out, page: 1, dpi: 30, colour: true)
        func blue(_ x: Int, _ y: Int) -> Bool {
            let (r, g, b) = image.rgb(x, y)
            return r < 40 && abs(g - 0x68) < 30 && abs(b - 0x9b) < 30
        }
        let rows = (0..<image.height).map { y in (0..<image.width).filter { blue($0, y) } }
        let barRows = rows.filter { xs in zip(xs, xs.dropFirst()).filter { $1 - $0 > 3 }.count == 1 }
        #expect(barRows.count >= 20, "rows with two blue bars: \(barRows.count)")
    }

    @Test func theCommonGroundShowsTheSpreadNotAnAverageAndItsPairsFillThePage() throws {
        let path = Fixture.resources.root + "/samples/beslisnota.yaml"
        let out = Fixture.temporaryDirectory() + "/cg.pdf"
        _ = try Fixture.withEngine { try $0.renderDiagram(.commonGround, session: path, to: out) }
        let text = try pdfText(out)
        // Beslisnota's tensions are 7, 4, 6 and 2.
        #expect(text.contains("Spreiding van de spanning: van 2 tot 7"))
        #expect(!text.contains("emiddeld"))
        let words = try run("pdftotext", ["-bbox", out, "-"]).stdout
            .matches(of: #/yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">Deelnemer</#).map { (Double($0.1)!, Double($0.2)!) }
        #expect(words.count == 4)
        // The four pairs stand in two rows that reach into the bottom fifth of the A3 page (842 pt high).
        #expect(Set(words.map { Int($0.0) }).count == 2)
        #expect(words.map(\.1).max()! > 842 * 0.8)
        // With names allowed, each caption starts with the number the participant has on the spread.
        let named = try writeSession("""
        sessie: {deelnemers: [Anne, Bas, Cem], verslaglegging: namen}
        afwegen:
          common-ground: {waarden: [Openheid, Zorgvuldigheid], spanning: [{deelnemer: Anne, waarde: 3}, {deelnemer: Bas, waarde: 3}, {deelnemer: Cem, waarde: 9}]}
        """)
        _ = try Fixture.withEngine { try $0.renderDiagram(.commonGround, session: named, to: out) }
        let namedText = try pdfText(out)
        #expect(namedText.contains("1 · Anne") && namedText.contains("3 · Cem"))
        #expect(namedText.contains("van 3 tot 9"))
    }

    /// A long text that does not fit its box goes on in columns across the vervolgpagina at the
    /// text size, as on the werkblad's vervolgbladen: not in one narrow column at the minimum size
    /// with the rest of the page empty. Judged by pdftotext's word boxes; every item comes back.
    @Test func aVervolgpaginaFillsItsColumnsAtTheTextSize() throws {
        let items = (1...120).map { "      • punt \($0): een versterking die de waarden samen dragen, met wat uitleg erbij." }
        let path = try writeSession("""
        sessie: {deelnemers: [Anne, Bas]}
        afwegen:
          common-ground:
            waarden: [Openheid, Zorgvuldigheid]
            spanning: [{deelnemer: Anne, waarde: 3}, {deelnemer: Bas, waarde: 6}]
            versterking: |
        \(items.joined(separator: "\n"))
        """)
        let out = Fixture.temporaryDirectory() + "/cg-long.pdf"
        _ = try Fixture.withEngine { try $0.renderDiagram(.commonGround, session: path, to: out) }
        let text = try pdfText(out)
        for n in 1...120 { #expect(text.contains("punt \(n):"), "punt \(n)") }
        // The words of the second page (a vervolgpagina): (xMin, height) of each "punt".
        let page2 = try run("pdftotext", ["-bbox", "-f", "2", "-l", "2", out, "-"]).stdout
        let words = page2.matches(of: #/xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">punt</#)
            .map { (x: Double($0.1)!, height: Double($0.3)! - Double($0.2)!) }
        #expect(words.count > 40)
        // Three columns across the A3 page (1191 pt wide): the items start at three distinct x.
        let starts = Set(words.map { Int($0.x / 10) })
        #expect(starts.count == 3, "column starts: \(starts.sorted())")
        #expect(words.map(\.x).max()! > 1191 * 0.6)
        // At the layout's text size, 12 pt (Noto Sans's line box is 1.362 em), not the 7 pt minimum.
        for w in words { #expect(abs(w.height / 1.362 - 12) < 0.5, "\(w.height / 1.362) pt") }
    }

    @Test func authorsArePrintedOnlyWhenNamesAreAllowed() throws {
        let named = try diagramFrames(.bandbreedte, Fixture.resources.root + "/samples/bandbreedte-18-opties.yaml")
        #expect(named.flatMap(\.textItems).contains { $0.text == "door Karim el Idrissi" })
        let chatham = try writeSession("""
        sessie: {deelnemers: [An, Bo]}
        afwegen:
          handelingsperspectieven:
            opties: [{tekst: "Idee", positie: 3, door: An}]
        """)
        #expect(!(try diagramFrames(.bandbreedte, chatham)).flatMap(\.textItems).contains { $0.text.contains("An") })
    }

    @Test func overlapShrinksAsTensionGrows() throws {
        let layout = try Fixture.withEngine { try $0.diagramLayout() }
        let composer = Fixture.withEngine { CommonGroundComposer(layout: layout, fitter: $0.fitter, heading: DiagramHeading()) }
        let cell = Rect(x: .zero, y: .zero, width: .mm(60), height: .mm(40))
        let areas = stride(from: 0.0, through: 10, by: 1).map { t -> Double in
            let (a, b) = composer.triangles(tension: t, in: cell)
            return Polygons.area(Polygons.intersection(a, b))
        }
        for (x, y) in zip(areas, areas.dropFirst()) { #expect(y < x) }
        #expect(areas.last == 0)
        #expect(areas[0] > 0)
    }

    @Test func renderAddsTheDiagramsWithDataAndAlleenPicksOne() throws {
        let path = Fixture.resources.root + "/samples/beslisnota.yaml"
        let (_, all) = try renderSession(path)
        #expect(all.pages == 4)
        let out = Fixture.temporaryDirectory() + "/bb.pdf"
        let one = try Fixture.withEngine { try $0.renderSession(path, to: out, only: .bandbreedte) }
        #expect(one.pages == 1)
        #expect(try pdfText(out).contains("Handelingsbandbreedte"))
        // A file with only the dilemma has no diagram pages.
        let (_, bare) = try renderSession(Fixture.resources.root + "/samples/alleen-dilemma.yaml")
        #expect(bare.pages == 1)
    }

    @Test("--a4 prints a poster over A4 sheets at the chosen size, no sheet more than 10 % empty",
          arguments: [(PosterSize.a3, 2), (.a2, 4), (.a1, 8)])
    func aPosterTilesOverA4SheetsWithGlueMargins(size: PosterSize, sheets: Int) throws {
        for session in [nil, Fixture.resources.root + "/samples/beslisnota.yaml"] {
            let out = Fixture.temporaryDirectory() + "/poster.pdf"
            let report = try Fixture.withEngine { try $0.renderDiagram(.bandbreedte, session: session, to: out, tiles: size) }
            #expect(report.pages == sheets)
            let (w, h) = try pdfPageSize(out)
            #expect(Set([w, h].map { ($0 * 100).rounded() / 100 }) == [841.89, 595.28])
            #expect(try pdfText(out, page: 1).contains("Poster \(size.rawValue.uppercased()) · vel 1 van \(sheets)"))
            // Measured on the pixels: the part of each sheet's printable area (10 mm in from the
            // edge) that nothing is drawn on, the poster's thin trimming line included.
            let dpi = 50, margin = Int((10 / 25.4 * Double(dpi)).rounded(.up)) + 1
            for page in 1...sheets {
                let image = try pdfGreyPage(out, page: page, dpi: dpi)
                var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1
                for y in margin..<(image.height - margin) {
                    for x in margin..<(image.width - margin) where image[x, y] < 245 {
                        minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                    }
                }
                let printable = Double((image.width - 2 * margin) * (image.height - 2 * margin))
                let inked = Double(max(0, maxX - minX + 1) * max(0, maxY - minY + 1))
                #expect(inked / printable >= 0.9, "\(size) sheet \(page): \(Int((1 - inked / printable) * 100)) % empty")
            }
        }
    }

    /// Columns of a vervolgpagina too narrow for words, or a page too low for a heading and three
    /// lines, are refused when the layout is read: continuing a text must always place a line.
    @Test(arguments: [("  columns: 3 ", "  columns: 12 ", "minstens 40 mm breed"),
                      ("  gutter: 7mm ", "  gutter: 150mm ", "minstens 40 mm breed"),
                      ("  heading: 14pt\n", "  heading: 500pt\n", "een kop en drie regels")])
    func vervolgpaginaColumnsThatCannotHoldTextAreRefused(from: String, to: String, message: String) throws {
        let source = try String(contentsOfFile: Fixture.resources.layouts + "/diagrammen.yaml", encoding: .utf8)
        #expect(source.contains(from))
        let path = try writeSession(source.replacingOccurrences(of: from, with: to), name: "d.yaml")
        #expect {
            try DiagramLayout.load(path: path)
        } throws: { error in
            (error as? Diagnostic)?.message.contains(message) == true
        }
    }

    @Test func aLayoutMissingAValueIsAnErrorAtItsLine() throws {
        let source = try String(contentsOfFile: Fixture.resources.layouts + "/diagrammen.yaml", encoding: .utf8)
        let path = try writeSession(source.replacingOccurrences(of: "  bar-width: 5mm\n", with: ""), name: "d.yaml")
        #expect {
            try DiagramLayout.load(path: path)
        } throws: { error in
            let d = error as? Diagnostic
            return d?.message.contains("bandbreedte mist 'bar-width'") == true && d?.position.line != nil
        }
    }
}
