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
}
