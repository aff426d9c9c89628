import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

@Suite("Blank werkblad")
struct BlankWerkbladTests {
    static let dutchLabels = [
        "Werkblad dilemmagesprek", "1", "Kennismaken", "2", "Verkennen", "3", "Afwegen", "4", "Kiezen", "5", "Afronding",
        "Wat is het dilemma? Waarom is het gesprek nú nodig?", "Verkenning", "Speler A", "Speler B", "Speler C",
        "Standpunten en emoties", "Belangen en waarden", "Rechten en voorkeuren", "Wat is de gedeelde vraag?",
        "Afwegingen", "Optie 1", "Optie 2", "Voordelen", "Nadelen", "Wat is de conclusie?", "Wat is de keuze?",
        "Wat heeft wie nodig?", "Hoe nu verder?", "Zijn we tevreden?", "Samenvatting",
    ]

    func renderBlank(_ content: WerkbladContent = WerkbladContent(), name: String = "w.pdf") throws -> String {
        let path = Fixture.temporaryDirectory() + "/" + name
        try Fixture.withEngine { engine in
            let report = try engine.renderBlank(content, layout: try engine.layout("werkblad-a3"), to: path)
            #expect(report.warnings.isEmpty)
        }
        return path
    }

    @Test func isOneA3LandscapePage() throws {
        let path = try renderBlank()
        let (w, h) = try pdfPageSize(path)
        #expect(abs(w - 1190.55) < 0.01)
        #expect(abs(h - 841.89) < 0.01)
        let pages = try run("pdfinfo", [path]).stdout.contains(try Regex("Pages: +1\n"))
        #expect(pages)
    }

    /// No writing column narrower than 25 mm, for every number of players (1–8) and options
    /// (1–6), on A3 and A4: measured as pdftotext sees the column heads ("Speler A" stands at
    /// its column's left edge plus the padding, so neighbours in one row are a column apart).
    @Test(arguments: ["werkblad-a3", "werkblad-a4"])
    func everyWritingColumnIsAtLeast25mm(layout name: String) throws {
        let mm = 72 / 25.4
        for players in WerkbladContent.playerRange {
            for options in WerkbladContent.optionRange {
                let path = Fixture.temporaryDirectory() + "/w.pdf"
                try Fixture.withEngine { engine in
                    _ = try engine.renderBlank(WerkbladContent(players: players, options: options), layout: try engine.layout(name), to: path)
                }
                let words = try run("pdftotext", ["-bbox", path, "-"]).stdout
                    .matches(of: #/xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="[0-9.]+">(Speler|Optie)</#)
                    .map { (x: Double($0.1)!, y: Double($0.2)!, kind: String($0.3)) }
                #expect(words.filter { $0.kind == "Speler" }.count == players && words.filter { $0.kind == "Optie" }.count == options)
                // Neighbours: the same kind on the same line.
                for kind in ["Speler", "Optie"] {
                    let rows = Dictionary(grouping: words.filter { $0.kind == kind }) { ($0.y * 10).rounded() }
                    for row in rows.values {
                        let xs = row.map(\.x).sorted()
                        for (a, b) in zip(xs, xs.dropFirst()) {
                            #expect(b - a >= 25 * mm - 0.01, "\(name), \(players) spelers, \(options) opties: \(kind) column \((b - a) / mm) mm")
                        }
                    }
                }
            }
        }
    }

    @Test func carriesEveryLabelOfTheSeed() throws {
        let text = try pdfText(try renderBlank())
        for label in Self.dutchLabels {
            #expect(text.contains(label), "missing label: \(label)")
        }
    }

    @Test func carriesTheEnglishLabels() throws {
        let text = try pdfText(try renderBlank(WerkbladContent(language: .en)))
        for label in ["Dilemma conversation worksheet", "Player A", "Option 2", "What is the shared question?", "Summary"] {
            #expect(text.contains(label), "missing label: \(label)")
        }
        #expect(!text.contains("Speler"))
    }

    @Test(arguments: [1, 3, 5, 8])
    func showsOneColumnPerPlayer(players: Int) throws {
        let text = try pdfText(try renderBlank(WerkbladContent(players: players)))
        let letters = "ABCDEFGH".map(String.init)
        for (i, letter) in letters.enumerated() {
            #expect(text.contains("Speler \(letter)") == (i < players), "Speler \(letter) with \(players) players")
        }
    }

    @Test(arguments: [1, 2, 6])
    func showsOneColumnPerOption(options: Int) throws {
        let text = try pdfText(try renderBlank(WerkbladContent(options: options)))
        for n in 1...6 {
            #expect(text.contains("Optie \(n)") == (n <= options))
        }
    }

    @Test func embedsSubsetsOfTheBundledFontsOnly() throws {
        let fonts = try pdfFonts(try renderBlank())
        #expect(!fonts.isEmpty)
        let bundled = try FileManager.default.contentsOfDirectory(atPath: Fixture.resources.fonts)
            .filter { $0.hasSuffix(".ttf") }.map { String($0.dropLast(4)) }
        for font in fonts {
            #expect(font.embedded && font.subset, "\(font.name) not embedded as subset")
            let base = font.name.split(separator: "+").last.map(String.init) ?? font.name
            #expect(bundled.contains(base), "\(font.name) is not one of the bundled fonts")
        }
    }

    @Test func rendersTheSameBytesTwice() throws {
        let a = try Data(contentsOf: URL(fileURLWithPath: try renderBlank()))
        let b = try Data(contentsOf: URL(fileURLWithPath: try renderBlank()))
        #expect(a == b)
        let info = try run("pdfinfo", ["-isodates", try renderBlank()]).stdout
        #expect(info.contains("CreationDate:    2026-11-23T00:00:00"))
    }

    @Test func writesPNGAndSVG() throws {
        let png = try renderBlank(name: "w.png")
        let pngData = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(pngData.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR width and height at 150 dpi: 420 mm × 297 mm.
        let width = pngData[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = pngData[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 2480 && height == 1754)
        let svg = try String(contentsOfFile: try renderBlank(name: "w.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("width=\"1190.551181pt\""))
    }

    @Test("Every box and cell of the blank holds at least 4 lines of marker writing at 9 mm",
          arguments: [1, 2, 3], [1, 2])
    func everyBoxHoldsFourWrittenLines(players: Int, options: Int) throws {
        let frames = try Fixture.withEngine { engine in
            engine.composeWerkblad(WerkbladContent(players: players, options: options, guideLines: true),
                                   layout: try engine.layout("werkblad-a3")).frames
        }
        let layout = try Fixture.withEngine { try $0.layout("werkblad-a3") }
        #expect(layout.type.guideSpacing == .mm(9))
        // The writing lines (--lijnen), grouped into runs at the writing pitch: one run per box or cell.
        var lines: [(x: Double, y: Double)] = []
        func walk(_ items: [Item]) {
            for item in items {
                switch item {
                case let .line(from, to, color, _, _) where color == layout.colors.guide && from.y == to.y:
                    lines.append((from.x.points, from.y.points))
                case .tagged(_, let inner), .figure(_, let inner), .artifact(let inner), .clipped(_, _, _, let inner): walk(inner)
                default: break
                }
            }
        }
        walk(frames[0].items)
        let pitch = Length.mm(9).points
        var runs: [Int] = []
        for x in Set(lines.map { ($0.x * 10).rounded() }).sorted() {
            let ys = lines.filter { ($0.x * 10).rounded() == x }.map(\.y).sorted()
            var count = 1
            for (a, b) in zip(ys, ys.dropFirst()) {
                if abs(b - a - pitch) < 0.5 { count += 1 } else { runs.append(count); count = 1 }
            }
            runs.append(count)
        }
        // Dilemma, the Verkennen cells, the shared question, the Afwegen cells, conclusion,
        // choice, who needs what, what next, satisfied, summary.
        #expect(runs.count == 1 + 3 * players + 1 + 2 * options + 1 + 1 + 2 + 1 + 1)
        #expect(runs.allSatisfy { $0 >= 4 }, "lines per box: \(runs)")
    }

    @Test func theHeaderFieldsHaveRoomForAHandwrittenName() throws {
        let frame = try Fixture.withEngine { engine in
            engine.composeWerkblad(WerkbladContent(), layout: try engine.layout("werkblad-a3")).frames[0]
        }
        var lines: [(from: Point, to: Point)] = []
        func walk(_ items: [Item]) {
            for item in items {
                switch item {
                case let .line(from, to, _, _, _) where from.y == to.y: lines.append((from, to))
                case .tagged(_, let inner), .figure(_, let inner), .artifact(let inner), .clipped(_, _, _, let inner): walk(inner)
                default: break
                }
            }
        }
        walk(frame.items)
        for label in ["Datum", "Tijd", "Locatie", "Gespreksleider", "Dilemma-eigenaar"] {
            let item = try #require(frame.textItems.first { $0.text == label })
            let line = try #require(lines.filter { abs($0.from.x.points - item.box.x.points) < 0.5 && $0.from.y > item.box.maxY }
                .min { $0.from.y < $1.from.y }, "\(label)")
            #expect(line.from.y - item.box.maxY >= .mm(9), "\(label): \((line.from.y - item.box.maxY).millimetres) mm")
            #expect(line.to.x - line.from.x >= .mm(25), "\(label): a line of \((line.to.x - line.from.x).millimetres) mm")
        }
    }

    @Test(arguments: [(3, 2), (8, 6), (1, 1)])
    func keepsEveryItemOnThePageAndLabelsApart(players: Int, options: Int) throws {
        let frames = try Fixture.withEngine { engine in
            engine.composeWerkblad(WerkbladContent(players: players, options: options, guideLines: true),
                                   layout: try engine.layout("werkblad-a3")).frames
        }
        #expect(frames.count == 1)
        let page = Rect(x: .zero, y: .zero, width: frames[0].size.width, height: frames[0].size.height)
        let texts = frames[0].textItems
        for t in texts {
            #expect(page.contains(t.occupied), "\(t.text) off the page")
            #expect(t.measured.width <= t.box.width + .pt(0.01), "\(t.text) wider than its box")
        }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] {
                #expect(!a.occupied.intersects(b.occupied), "'\(a.text)' overlaps '\(b.text)'")
            }
        }
    }
}
