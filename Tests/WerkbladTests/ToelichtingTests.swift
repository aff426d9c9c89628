import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

/// Outline titles of a PDF as qpdf reads them, depth first.
func pdfOutlineTitles(_ path: String) throws -> [String] {
    let json = try run("qpdf", ["--json", "--json-key=outlines", path]).stdout
    let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    func titles(_ items: [[String: Any]]) -> [String] {
        items.flatMap { [($0["title"] as? String) ?? ""] + titles(($0["kids"] as? [[String: Any]]) ?? []) }
    }
    return titles((root["outlines"] as? [[String: Any]]) ?? [])
}

@Suite("Toelichting documents")
struct ToelichtingTests {
    static let beslisnota = Fixture.resources.root + "/samples/beslisnota.yaml"

    @Test func theGuideNamesOwnerAndLeaderAndTheSharedQuestion() throws {
        let out = Fixture.temporaryDirectory() + "/gespreksleider.pdf"
        let report = try Fixture.withEngine { try $0.renderGuide(.gespreksleider, session: Self.beslisnota, to: out) }
        let text = try pdfText(out)
        for literal in ["[X]", "[Y]", "[herhaal hier de gedeelde vraag]", "{{", "**"] { #expect(!text.contains(literal), "\(literal)") }
        #expect(text.contains("Mijn naam is Anouk Verbeek en ik begeleid jullie"))
        #expect(text.contains("waarbij collega Pieter de Graaf een dilemma ervaart"))
        #expect(text.contains("op de vraag ‘Hoe geven we het afwijkende advies een eerlijke plek in een nota die openbaar wordt?’"))
        // The players and values of the file where the guide asks about them.
        #expect(text.contains("Staatssecretaris") && text.contains("Navolgbaarheid, Loyaliteit"))
        // The last page is the werkblad to print, A3 landscape, on a sheet of its own when printed
        // on both sides: an odd page, after a page that says it is blank if need be.
        let info = try run("pdfinfo", ["-f", String(report.pages), "-l", String(report.pages), out]).stdout
        #expect(info.contains("1190.55 x 841.89"))
        #expect(report.pages % 2 == 1, "the werkblad is page \(report.pages)")
        let outline = try pdfOutlineTitles(out)
        for n in 0...5 { #expect(outline.contains { $0.hasPrefix("Stap \(n):") }, "Stap \(n) missing from \(outline)") }
        #expect(outline.contains("Werkblad dilemmagesprek"))
    }

    @Test(arguments: [30, 47, 120, 149, 480])
    func theTimePlanAddsUpToTheDuration(minutes: Int) throws {
        let path = try writeSession("sessie: {duur: \(minutes), tijd: '09:00'}\n")
        let (session, _) = try SessionParser(file: path).parse()
        let plan = try Fixture.withEngine { engine in
            GuideComposer(layout: try engine.guideLayout(), fitter: engine.fitter, text: try engine.guideText(.gespreksleider),
                          session: session).timePlan()
        }
        #expect(plan.steps.map(\.minutes).reduce(0, +) == minutes)
        #expect(plan.steps.map(\.id) == (0...5).map { "stap-\($0)" })
        #expect(plan.steps.first?.start == "09:00")
        #expect(plan.steps.allSatisfy { $0.minutes > 0 })
    }

    @Test func theGenericGuideKeepsTheMethodsNotation() throws {
        let frames = try Fixture.withEngine { try $0.composeGuide(.gespreksleider, session: nil) }
        let text = frames.flatMap(\.textItems).map(\.text).joined(separator: " ")
        #expect(text.contains("Mijn naam is [Y]"))
        #expect(text.contains("uitgaande van 150 minuten") || text.contains("gaat uit van 150 minuten"))
    }

    @Test func handoutsGiveOneFilePerParticipantAndACombinedOne() throws {
        let dir = Fixture.temporaryDirectory() + "/hand-outs"
        let report = try Fixture.withEngine { try $0.renderHandouts(session: Self.beslisnota, to: dir) }
        let names = ["Pieter de Graaf", "Noor Haddou", "Bram Kuipers", "Eva Smit"]
        #expect(report.written.map { ($0 as NSString).lastPathComponent } ==
                ["pieter-de-graaf.pdf", "noor-haddou.pdf", "bram-kuipers.pdf", "eva-smit.pdf", "alle-deelnemers.pdf"])
        for (name, file) in zip(names, report.written) {
            let text = try pdfText(file)
            #expect(text.contains("Voor \(name)"))
            for other in names where other != name { #expect(!text.contains("Voor \(other)")) }
            #expect(text.contains("Wat motiveert jou om tijd te maken voor dit gesprek?"))
            #expect(text.contains("Chatham House Rule"))
        }
        let combined = try pdfText(report.written.last!)
        for name in names { #expect(combined.contains("Voor \(name)")) }
        #expect(try pdfOutlineTitles(report.written.last!).prefix(1) == ["Pieter de Graaf"])
    }

    @Test("A hand-out's file name spells a name in ASCII letters, none dropped",
          arguments: [("Fatma Yıldız", "fatma-yildiz"), ("Ĳsbrand van der Ĳssel", "ijsbrand-van-der-ijssel"),
                      ("Şükrü Öztürk", "sukru-ozturk"), ("Søren Łukasz", "soren-lukasz"), ("Zoë de Groot-Đorđević", "zoe-de-groot-dordevic"),
                      ("Ærøskøbing Straße", "aeroskobing-strasse"), ("محمد", "deelnemer")])
    func handoutFileNamesTransliterate(name: String, expected: String) {
        #expect(Engine.fileName(name) == expected)
    }

    static let english = Fixture.resources.root + "/samples/open-data-en.json"

    @Test("The A4 documents run 60 to 75 characters a line",
          arguments: [(GuideKind.gespreksleider, nil as String?), (.gespreksleider, english), (.deelnemer, beslisnota), (.deelnemer, english),
                      (.voorbereiding, beslisnota), (.voorbereiding, english)])
    func theA4DocumentsHaveAReadableMeasure(kind: GuideKind, session: String?) throws {
        let out = Fixture.temporaryDirectory() + "/doc.pdf"
        _ = try Fixture.withEngine { try $0.renderGuide(kind, session: session, to: out) }
        // Lines as poppler finds them on the A4 pages; the running text's full lines are those at
        // least 80 % of the layout's measure (a paragraph's last line and headings are shorter;
        // the title and tables span the page).
        var lengths: [(width: Double, height: Double, characters: Int)] = []
        let xml = try run("pdftotext", ["-bbox-layout", out, "-"]).stdout
        for page in xml.components(separatedBy: "<page ").dropFirst() where page.hasPrefix("width=\"595.") {
            for line in page.matches(of: #/<line xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">((?:.|\n)*?)</line>/#) {
                let words = line.5.matches(of: #/>([^<]+)</word>/#).map { String($0.1) }
                lengths.append((Double(line.3)! - Double(line.1)!, Double(line.4)! - Double(line.2)!,
                                words.map(\.count).reduce(0, +) + words.count - 1))
            }
        }
        // Lines of running text: the size of the text or up to a point and a half smaller (a hand-out
        // set smaller to keep to one sheet), not the small print of notes.
        let layout = try Fixture.withEngine { try $0.guideLayout() }
        let measure = layout.length("page.measure").points, text = layout.length("type.text").points
        let full = lengths.filter { $0.width >= measure * 0.7 && $0.width <= measure + 1 && $0.height >= (text - 1.6) * 1.36 }
            .map(\.characters).sorted()
        try #require(full.count >= 10)
        let median = full[full.count / 2], p90 = full[full.count * 9 / 10]
        #expect((60...75).contains(median), "median \(median) characters a line")
        #expect(p90 <= 78, "90 % of full lines at most \(p90) characters")
    }

    @Test("A participant's hand-out is one sheet, front and back", arguments: ["beslisnota", "woo-gespreksverslagen", "open-data-en"])
    func theHandOutIsOneSheet(sample: String) throws {
        let path = Fixture.resources.root + "/samples/" + sample + (sample.hasSuffix("-en") ? ".json" : ".yaml")
        let dir = Fixture.temporaryDirectory() + "/hand-outs"
        let report = try Fixture.withEngine { try $0.renderHandouts(session: path, to: dir) }
        for file in report.written.dropLast() {
            let pages = try run("pdfinfo", [file]).stdout.matches(of: #/Pages:\s+([0-9]+)/#).first.map { Int($0.1)! }
            #expect(pages == 2, "\(file): \(pages ?? 0) pages")
        }
    }

    @Test("An English session gets English documents throughout", arguments: GuideKind.allCases)
    func anEnglishSessionGetsEnglishDocuments(kind: GuideKind) throws {
        let out = Fixture.temporaryDirectory() + "/doc.pdf"
        _ = try Fixture.withEngine { try $0.renderGuide(kind, session: Self.english, to: out) }
        let words = try pdfText(out).lowercased().split { !$0.isLetter }.map(String.init)
        // Dutch words that English text never has.
        let dutch = words.filter { ["het", "een", "wij", "niet", "gesprek", "werkblad", "deelnemer", "fysiek", "stap", "vraag", "pagina"].contains($0) }
        #expect(dutch.isEmpty, "Dutch in the English \(kind): \(Set(dutch))")
        #expect(words.contains("the") && words.contains("conversation"))
    }

    @Test func handoutsNeedParticipants() throws {
        let path = try writeSession("sessie: {titel: Zonder deelnemers}\n")
        #expect(throws: DocumentError.self) { try Fixture.withEngine { try $0.renderHandouts(session: path, to: Fixture.temporaryDirectory()) } }
    }
}

@Suite("Flowing text")
struct FlowTests {
    /// Paragraphs of 1 to 14 lines with headings between them, flowed onto small pages.
    func flowed() -> (blocks: [Block], pages: [FlowPage], fitter: TextFitter) {
        Fixture.withEngine { engine in
            let body = TextStyle(font: FontSpec(family: "Noto Sans", size: .pt(10)), lineSpacing: 1.0)
            let heading = TextStyle(font: FontSpec(family: "Noto Sans", size: .pt(14), weight: .bold), lineSpacing: 1.0)
            var blocks: [Block] = []
            for i in 0..<40 {
                if i % 3 == 0 { blocks.append(Block(text: "Kop \(i)", style: heading, tag: .heading(2), spaceBefore: .mm(5), spaceAfter: .mm(2), keepWithNext: true)) }
                let words = (0..<(i % 7 * 25 + 8)).map { "woord\($0 % 13)" }.joined(separator: " ")
                blocks.append(Block(text: "Alinea \(i): " + words, style: body, spaceAfter: .mm(2)))
            }
            let flow = Flow(area: Rect(x: .mm(20), y: .mm(20), width: .mm(120), height: .mm(90)), ruleColor: .black, headerFill: .white)
            return (blocks, flow.pages(blocks, fitter: engine.fitter), engine.fitter)
        }
    }

    @Test func noWidowsNoOrphansNoStrandedHeadings() throws {
        let (blocks, pages, fitter) = flowed()
        #expect(pages.count > 3)
        let whole = Set(blocks.map(\.text))
        var splits = 0
        for (index, page) in pages.enumerated() {
            let texts = Frame(size: Size(width: .mm(200), height: .mm(200)), items: page.items).textItems
            // A heading is never the last thing on a page.
            if index < pages.count - 1, case .tagged(let role, _)? = page.items.last { #expect(!role.tag.hasPrefix("H")) }
            for item in texts { #expect(item.box.maxY <= .mm(110.01), "\(item.text.prefix(20)) runs below the area") }
            // The part of a split paragraph at a page's foot (orphan side) or head (widow side) has two lines at least.
            var parts: [TextItem] = []
            if let first = texts.first, !whole.contains(first.text) { parts.append(first) }
            if let last = texts.last, !whole.contains(last.text), texts.count > 1 { parts.append(last) }
            for part in parts {
                splits += 1
                let lines = Fixture.withEngine { _ -> Int in
                    _ = fitter.measure(part.text, style: part.style, width: part.box.width)
                    return fitter.layout.lineCount
                }
                #expect(lines >= 2, "a lone line: \(part.text.prefix(30))")
            }
        }
        #expect(splits > 0, "the test should split some paragraphs")
    }

    @Test func everyWordArrivesOnceInOrder() throws {
        let (blocks, pages, _) = flowed()
        let placed = pages.flatMap { Frame(size: Size(width: .zero, height: .zero), items: $0.items).textItems.map(\.text) }.joined()
        let original = blocks.map(\.text).joined()
        #expect(placed == original)
    }
}
