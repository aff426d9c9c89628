import SessionModel
import Foundation
import Graphics
import LayoutEngine

extension Engine {
    /// The A4 layout of the toelichting documents.
    public func guideLayout() throws -> DiagramLayout {
        try cachedDiagramLayout((resources.layouts as NSString).appendingPathComponent("toelichting-a4.yaml"), schema: DiagramLayout.documentSchema)
    }

    public func guideText(_ kind: GuideKind, language: Language = .nl) throws -> GuideText {
        let paths = kind.file(language).map { (resources.layouts as NSString).appendingPathComponent($0) }
        return try GuideText.load(path: paths.first { FileManager.default.fileExists(atPath: $0) } ?? paths.last!)
    }

    /// The pages of a toelichting; the gespreksleider's ends with the werkblad to print.
    /// `text` is the kind's text when the caller has read it already.
    public func composeGuide(_ kind: GuideKind, session: Session?, participant: String? = nil, language: Language = .nl,
                             text: GuideText? = nil) throws -> [Frame] {
        let lang = session?.taal ?? language
        let guideText = try text ?? guideText(kind, language: lang)
        var layout = try guideLayout()
        var composer = GuideComposer(layout: layout, fitter: fitter, text: guideText, session: session, participant: participant, language: lang)
        fitter.hyphenation = hyphenation[composer.language]
        var frames = composer.compose()
        // The hand-out is one sheet, front and back: a session with much to tell (a long dilemma,
        // many participants) is set a little smaller, half a point at a time down to 9 pt, before
        // it takes a second sheet.
        // The measure shrinks with the square root of the text's size: a line gains a few
        // characters (66 at 10.5 pt, about 72 at 9 pt), staying within 75.
        let measure = layout.length("page.measure"), normal = layout.length("type.text")
        while kind == .deelnemer, frames.count > 2, layout.length("type.text") - .pt(0.5) >= .pt(9) {
            let size = layout.length("type.text") - .pt(0.5)
            layout = layout.with("page.measure", measure * (size / normal).squareRoot()).with("type.text", size)
            composer = GuideComposer(layout: layout, fitter: fitter, text: guideText, session: session, participant: participant, language: lang)
            frames = composer.compose()
        }
        if composer.wantsWerkblad {
            var content = session?.werkbladContent().content ?? WerkbladContent()
            if session != nil {
                // Blank boxes with the conversation's facts: the sheet to fill in during the session.
                content.fields = [:]; content.cells = [:]
                content.playerNames = content.playerNames.map { _ in nil }; content.optionTitles = content.optionTitles.map { _ in nil }
            }
            frames += composeWerkblad(content, layout: try guideWerkbladLayout(for: session)).frames
        }
        return frames
    }

    /// The werkblad at the end of the gespreksleider's guide: the session's layout, else the default.
    func guideWerkbladLayout(for session: Session?) throws -> WerkbladLayout {
        guard let session else { return try layout(Self.defaultLayout) }
        return try layout(for: session, override: nil)
    }

    /// A file name from a person's name: lower case, accents dropped, dashes between words.
    public static func fileName(_ name: String) -> String {
        // Compatibility forms first (Ĳ → IJ, ﬁ → fi), then the letters that have no decomposition,
        // then accents off (ş → s, é → e): "Fatma Yıldız" → fatma-yildiz, not fatma-y-ld-z.
        var latin = ""
        for ch in name.decomposedStringWithCompatibilityMapping { latin += transliterated[ch] ?? String(ch) }
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl"))
        let parts = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return parts.isEmpty ? "deelnemer" : parts.joined(separator: "-")
    }

    /// Latin letters that Unicode does not decompose into a base letter and an accent.
    static let transliterated: [Character: String] = [
        "ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
        "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ŋ": "ng", "ħ": "h",
    ]
}
