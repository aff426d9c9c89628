import Foundation
import Graphics
import LayoutEngine
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

@Suite("Graphics and text")
struct GraphicsTests {
    @Test func lengthsConvertBetweenMillimetresAndPoints() {
        #expect(abs(Length.mm(420).points - 1190.551) < 0.001)
        #expect(abs(Length.pt(72).millimetres - 25.4) < 1e-9)
        #expect(Length.mm(10) + Length.mm(5) == Length.mm(15) || abs((Length.mm(10) + .mm(5)).points - Length.mm(15).points) < 1e-9)
    }

    @Test func fontsComeOnlyFromTheBundle() {
        Fixture.withEngine { engine in
            #expect(engine.fonts.files.allSatisfy { $0.hasPrefix(Fixture.resources.fonts) })
            #expect(engine.fonts.families.contains("Noto Sans"))
        }
    }

    @Test(arguments: ["Ĳsselmeer", "Kılıç", "Øster", "Ελλάδα", "Москва", "مرحبا", "שלום"])
    func extendedScriptsHaveGlyphs(word: String) {
        Fixture.withEngine { engine in
            #expect(engine.fonts.missingCharacters(in: word).isEmpty)
            let layout = TextLayout(fonts: engine.fonts)
            layout.configure(text: word, font: FontSpec(family: "Noto Sans", size: .pt(12)), width: nil)
            #expect(layout.unknownGlyphCount == 0)
        }
    }

    @Test func aCharacterNoFontHasIsNamedInAWarning() {
        Fixture.withEngine { engine in
            #expect(engine.fonts.missingCharacters(in: "Dilemma 漢 ok") == ["漢"])
            let frame = Frame(size: Size(width: .mm(100), height: .mm(100)), items: [
                .text(TextItem(text: "漢字", style: TextStyle(font: FontSpec(family: "Noto Sans", size: .pt(10))),
                               box: Rect(x: .zero, y: .zero, width: .mm(50), height: .mm(10)),
                               measured: Size(width: .mm(5), height: .mm(4)))),
            ])
            let warnings = engine.missingGlyphWarnings([frame], file: "s.yaml")
            #expect(warnings.count == 2)
            #expect(warnings[0].description.contains("'漢' (U+6F22)"))
            #expect(warnings[0].severity == .warning)
        }
    }

    @Test(arguments: [("verantwoordingsplicht", "ver-ant-woor-dings-plicht"), ("openbaarheid", "open-baar-heid"),
                      ("uitvoeringsorganisatie", "uit-voe-rings-or-ga-ni-sa-tie"), ("persoonsgegevens", "per-soons-ge-ge-vens")])
    func dutchWordsBreakAtSyllables(word: String, expected: String) throws {
        let hyphenator = try Hyphenator(dictionaryPath: Fixture.resources.hyphenation(.nl))
        let points = hyphenator.breakPoints(in: word)
        var shown = ""
        for (i, ch) in word.enumerated() {
            shown.append(ch)
            if points.contains(i + 1) { shown += "-" }
        }
        #expect(shown == expected)
    }

    @Test func englishTextUsesEnglishPatterns() throws {
        let hyphenator = try Hyphenator(dictionaryPath: Fixture.resources.hyphenation(.en))
        // re-spon-si-bil-i-ties, with 3 letters kept together at either end: respon-si-bil-i-ties
        #expect(hyphenator.breakPoints(in: "responsibilities") == [6, 8, 11, 12])
    }

    @Test("No break leaves fewer than 3 letters on a side, of the word or of a part of a compound",
          arguments: ["gemeentewet", "persoonsgegevens", "businesscase", "verantwoordingsplicht", "openbaarheidsregeling",
                      "uitvoeringsorganisatie", "beslisnota", "ambtsgeheim", "informatieverzoek", "onderwijsinspectie"])
    func breaksKeepThreeLetters(word: String) throws {
        let hyphenator = try Hyphenator(dictionaryPath: Fixture.resources.hyphenation(.nl))
        let points = hyphenator.breakPoints(in: word)
        #expect(points.allSatisfy { $0 >= 3 && word.count - $0 >= 3 }, "\(word): \(points)")
    }

    /// The compiled machine mapped from the cache must hyphenate exactly as libhyphen's own load
    /// of the patterns: every word of the guide texts and samples, with the breaks' strengths.
    @Test(arguments: [Language.nl, .en])
    func theMappedDictionaryBreaksEveryWordAsLibhyphenDoes(language: Language) throws {
        let dic = Fixture.resources.hyphenation(language)
        let cache = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let plain = try Hyphenator(dictionaryPath: dic)
        let first = try Hyphenator(dictionaryPath: dic, cacheDirectory: cache)
        let mapped = try Hyphenator(dictionaryPath: dic, cacheDirectory: cache)
        #expect(!plain.isMapped && !first.isMapped && mapped.isMapped)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.count == 1 && files[0].hasPrefix("hyphenation-") && files[0].hasSuffix(".bin"), "\(files)")

        let root = Fixture.resources.root as NSString
        var words: Set<String> = []
        for folder in ["Layouts", "samples"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder)) {
                let text = try String(contentsOfFile: root.appendingPathComponent(folder + "/" + name), encoding: .utf8)
                for w in text.split(whereSeparator: { !$0.isLetter }) where w.count >= 5 { words.insert(String(w)) }
            }
        }
        #expect(words.count > 1500)
        var broken = 0
        for word in words.sorted() {
            let expected = plain.breaks(in: word)
            if !expected.isEmpty { broken += 1 }
            #expect(mapped.breaks(in: word) == expected, "\(word)")
        }
        #expect(broken > 500)
    }

    /// A damaged or foreign cache file is never used: the patterns are loaded again and the
    /// file rewritten, with the same breaks.
    @Test(arguments: ["truncated", "flipped", "empty", "other layout", "state count"])
    func aDamagedCacheIsRebuilt(damage: String) throws {
        let dic = Fixture.resources.hyphenation(.nl)
        let cache = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        _ = try Hyphenator(dictionaryPath: dic, cacheDirectory: cache)
        let path = (cache as NSString).appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: cache)[0])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let good = bytes
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "flipped":
            // A state number in the transitions, far beyond the states: libhyphen would follow it.
            for i in stride(from: bytes.count - 4, to: bytes.count - 4000, by: -8) { bytes[i + 3] = 0x7f }
        case "empty": bytes = []
        case "state count":
            // The first level's number of states (after the 32-byte header and 8 bytes of
            // options), just under the limit: refused before any memory is set aside for it.
            bytes.replaceSubrange(40..<44, with: [0xff, 0xff, 0xff, 0x00])
        default: bytes[24] ^= 0xff   // the recorded size of a transition
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reloaded = try Hyphenator(dictionaryPath: dic, cacheDirectory: cache)
        #expect(!reloaded.isMapped)
        #expect(reloaded.breakPoints(in: "persoonsgegevens") == [3, 8, 10, 12])
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == good)
        #expect(try Hyphenator(dictionaryPath: dic, cacheDirectory: cache).isMapped)
    }

    /// A cache that cannot be written (here a folder under /proc) changes nothing but the speed.
    @Test func aCacheThatCannotBeWrittenIsSkipped() throws {
        let nowhere = "/proc/werkblad-cache-\(getpid())"
        let hyphenator = try Hyphenator(dictionaryPath: Fixture.resources.hyphenation(.nl), cacheDirectory: nowhere)
        #expect(!hyphenator.isMapped)
        #expect(hyphenator.breakPoints(in: "persoonsgegevens") == [3, 8, 10, 12])
        let fonts = try FontLibrary(directory: Fixture.resources.fonts, cacheDirectory: nowhere)
        let plain = try FontLibrary(directory: Fixture.resources.fonts)
        #expect(fonts.families == plain.families && !fonts.families.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: nowhere))
    }

    /// Through fontconfig's cache the same faces are found as by adding each file.
    @Test func theFontScanCacheFindsTheSameFaces() throws {
        let cache = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let plain = try FontLibrary(directory: Fixture.resources.fonts)
        let first = try FontLibrary(directory: Fixture.resources.fonts, cacheDirectory: cache)
        let cached = try FontLibrary(directory: Fixture.resources.fonts, cacheDirectory: cache)
        let written = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(written.count == 1 && written[0].hasPrefix("fonts-"), "\(written)")
        let inside = try FileManager.default.contentsOfDirectory(atPath: (cache as NSString).appendingPathComponent(written[0]))
        #expect(inside.contains { $0.hasSuffix(".cache-8") }, "\(inside)")
        #expect(first.families == plain.families && cached.families == plain.families)
        for text in ["Openbaarheid schuurt", "ĳ ş ğ ı ø", "مرحبا", "שלום"] {
            #expect(cached.missingCharacters(in: text) == plain.missingCharacters(in: text))
        }
    }
}

@Suite("Laying out unwrapped first")
struct UnwrappedFirstTests {
    /// Texts of every kind the documents set: each paragraph of the samples and guide texts,
    /// bullet lists, right-to-left and mixed scripts, tabs, soft hyphens and very long words.
    static func texts() throws -> [String] {
        let root = Fixture.resources.root as NSString
        var texts: [String] = []
        for folder in ["Layouts", "samples"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder)).sorted() {
                let text = try String(contentsOfFile: root.appendingPathComponent(folder + "/" + name), encoding: .utf8)
                texts += text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty }
            }
        }
        texts += [
            (1...30).map { "•\u{A0}stap \($0) die iemand moet zetten" }.joined(separator: "\n"),
            "•\u{A0}kort\n•\u{A0}een punt dat wel heel erg veel langer is dan de andere punten in deze lijst",
            "مرحبا بكم في الاجتماع", "שלום לכולם", "Open data: مرحبا en שלום in één regel",
            "kolom\tna een tab", "verant\u{AD}woordings\u{AD}plicht", String(repeating: "abcdefghij", count: 40),
            "Ĳsselmeer, Kılıç, Øster, Ελλάδα, Москва", "", "\n", "een\n\ntwee\n",
        ]
        return texts
    }

    /// Whatever the text and width, the layout that stands is the one Pango makes when it may wrap.
    @Test func theLayoutIsTheOneWrappingMakes() throws {
        try Fixture.withEngine { engine in
            let fast = TextLayout(fonts: engine.fonts)
            let plain = TextLayout(fonts: engine.fonts)
            plain.unwrappedFirst = false
            let font = FontSpec(family: "Noto Sans", size: .pt(9))
            var compared = 0
            for text in try Self.texts() {
                plain.configure(text: text, font: font, width: nil)
                let natural = plain.widestLine
                // Widths around the text's own: just fitting, a hair too narrow, and common boxes.
                var widths: [Length] = [natural, natural - .pt(0.01), .pt(60), .pt(180), .pt(400)]
                widths = widths.filter { $0 > .pt(1) }
                for width in widths {
                    fast.configure(text: text, font: font, width: width)
                    plain.configure(text: text, font: font, width: width)
                    #expect(fast.lines == plain.lines, "\(text.prefix(40)) at \(width)")
                    #expect(fast.size == plain.size && fast.widestLine == plain.widestLine && fast.lineCount == plain.lineCount)
                    compared += 1
                }
            }
            #expect(compared > 500)
            // And the short way was taken for most of them, not never.
            #expect(fast.unwrappedKept > compared / 8, "\(fast.unwrappedKept) of \(compared)")
            #expect(plain.unwrappedKept == 0)
        }
    }
}

@Suite("Layouts kept between documents")
struct RetainedLayoutTests {
    static let font = FontSpec(family: "Noto Sans", size: .pt(9))

    /// A text kept for drawing (drawn or not) that an earlier document had too is there for the
    /// next one: laid out twice, however many documents set it, with the lines a fresh layout has.
    /// A text of one document only is not kept beyond it.
    @Test func aLayoutKeptInOneDocumentServesTheNext() throws {
        try Fixture.withEngine { engine in
            let store = LayoutStore()
            let fitter = TextLayout(fonts: engine.fonts, store: store)
            let text = "Standpunten en emoties"
            for document in 0..<4 {
                fitter.configure(text: text, font: Self.font, width: .pt(120))
                let fresh = TextLayout(fonts: engine.fonts)
                fresh.configure(text: text, font: Self.font, width: .pt(120))
                #expect(fresh.laidOut == 1)
                #expect(fitter.lines == fresh.lines && fitter.size == fresh.size)
                fitter.keep(text: text, font: Self.font, width: .pt(120), alignment: .left, lineSpacing: 1.2, spans: [])
                let once = "alleen in document \(document)"
                fitter.configure(text: once, font: Self.font, width: .pt(120))
                fitter.keep(text: once, font: Self.font, width: .pt(120), alignment: .left, lineSpacing: 1.2, spans: [])
                store.endDocument()
                #expect(store.count == 0 && store.retainedCount == (document == 0 ? 0 : 1), "after document \(document)")
            }
            #expect(fitter.laidOut == 2 + 4)
        }
    }

    /// However many texts pass through, the layouts kept between documents stay within the limit.
    @Test(arguments: [8, 40])
    func theRetainedLayoutsAreBounded(limit: Int) throws {
        try Fixture.withEngine { engine in
            let store = LayoutStore(retainedLimit: limit)
            let fitter = TextLayout(fonts: engine.fonts, store: store)
            for document in 0..<5 {
                for i in 0..<30 {
                    for text in ["tekst \(i)", "tekst \(i) van document \(document)"] {
                        fitter.configure(text: text, font: Self.font, width: .pt(200))
                        fitter.keep(text: text, font: Self.font, width: .pt(200), alignment: .left, lineSpacing: 1.2, spans: [])
                    }
                }
                store.endDocument()
                #expect(store.retainedCount <= limit * 3 / 4)
                if document > 0 { #expect(store.retainedCount >= min(30, limit * 3 / 4)) }
            }
            store.clear()
            #expect(store.retainedCount == 0)
        }
    }

    /// A session drawn after others comes out byte for byte as from a fresh engine.
    @Test func aDocumentDrawnAfterOthersIsTheSameAsAlone() throws {
        let dir = Fixture.temporaryDirectory()
        let samples = (Fixture.resources.root as NSString).appendingPathComponent("samples")
        let first = samples + "/beslisnota.yaml", other = samples + "/vol-8-spelers-6-opties.yaml"
        let engine = try Engine(resources: Fixture.resources)
        let exporter = Exporter(engine: engine)
        try exporter.write(SessionDocuments(session: LoadedSession(path: first), only: .werkblad), to: dir + "/a1.pdf")
        try exporter.write(SessionDocuments(session: LoadedSession(path: other), only: .werkblad), to: dir + "/b.pdf")
        try exporter.write(SessionDocuments(session: LoadedSession(path: first), only: .werkblad), to: dir + "/a2.pdf")
        #expect(engine.layouts.retainedCount > 20)
        let alone = try Engine(resources: Fixture.resources)
        try Exporter(engine: alone).write(SessionDocuments(session: LoadedSession(path: first), only: .werkblad), to: dir + "/a0.pdf")
        let bytes = try ["a0", "a1", "a2"].map { try Data(contentsOf: URL(fileURLWithPath: dir + "/\($0).pdf")) }
        #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
        #expect(try pdfText(dir + "/a2.pdf") == pdfText(dir + "/a0.pdf"))
    }
}
