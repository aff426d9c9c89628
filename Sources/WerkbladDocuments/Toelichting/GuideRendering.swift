import Foundation
import Graphics
import LayoutEngine

extension Engine {
    /// The A4 layout of the toelichting documents.
    public func guideLayout() throws -> DiagramLayout {
        try cachedDiagramLayout((resources.layouts as NSString).appendingPathComponent("toelichting-a4.yaml"), schema: DiagramLayout.documentSchema)
    }

    public func guideText(_ kind: GuideKind) throws -> GuideText {
        try GuideText.load(path: (resources.layouts as NSString).appendingPathComponent(kind.file))
    }

    /// The pages of a toelichting; the gespreksleider's ends with the werkblad to print.
    public func composeGuide(_ kind: GuideKind, session: Session?, participant: String? = nil) throws -> [Frame] {
        let composer = GuideComposer(layout: try guideLayout(), fitter: fitter, text: try guideText(kind), session: session,
                                     participant: participant)
        fitter.hyphenation = hyphenation[composer.language]
        var frames = composer.compose()
        if composer.wantsWerkblad {
            var content = session?.werkbladContent().content ?? WerkbladContent()
            if session != nil {
                // Blank boxes with the conversation's facts: the sheet to fill in during the session.
                content.fields = [:]; content.cells = [:]
                content.playerNames = content.playerNames.map { _ in nil }; content.optionTitles = content.optionTitles.map { _ in nil }
            }
            let werkblad = try layout(for: session)
            frames += composeWerkblad(content, layout: werkblad).frames
        }
        return frames
    }

    private func layout(for session: Session?) throws -> WerkbladLayout {
        guard let session else { return try layout("werkblad-a3") }
        return try layout(for: session, override: nil)
    }

    func guideMetadata(_ kind: GuideKind, _ session: Session?, text: GuideText, participant: String? = nil) -> PDFMetadata {
        var title = text.setting("titel") ?? kind.rawValue
        if let t = session?.sessie.titel { title += ": \(t)" }
        if let participant { title += " (\(participant))" }
        return PDFMetadata(title: title, subject: text.setting("ondertitel") ?? "", author: session?.sessie.gespreksleider,
                           keywords: "dilemmagesprek, openbaarheid, toelichting", creator: "werkblad \(WerkbladVersion.string)",
                           date: session?.documentDate ?? WerkbladVersion.releaseDate)
    }

    /// Writes a toelichting for the session file at `path` (generic without one).
    public func renderGuide(_ kind: GuideKind, session path: String?, to output: String) throws -> RenderReport {
        var warnings: [Diagnostic] = []
        var session: Session?
        if let path {
            let parsed = try SessionParser(file: path).parse()
            session = parsed.session; warnings = parsed.warnings
        }
        let text = try guideText(kind)
        // Not addressed to anyone: personal hand-outs come from `renderHandouts`.
        let frames = try composeGuide(kind, session: session)
        warnings += missingGlyphWarnings(frames, file: path ?? text.source)
        let written = try renderer.write(frames, to: output, metadata: guideMetadata(kind, session, text: text))
        return RenderReport(written: written, warnings: warnings, pages: frames.count)
    }

    /// One hand-out per participant in `directory`, named after them, and all of them in one file to print at once.
    public func renderHandouts(session path: String, to directory: String) throws -> RenderReport {
        let (session, warnings) = try SessionParser(file: path).parse()
        guard !session.sessie.deelnemers.isEmpty else {
            throw Diagnostic.error(SourcePosition(file: path), "het sessiebestand noemt geen deelnemers (sessie.deelnemers); er is niemand om een hand-out voor te maken")
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw Diagnostic.error(SourcePosition(file: directory), "is geen map")
        }
        let text = try guideText(.deelnemer)
        var all: [Frame] = [], written: [String] = [], used: Set<String> = []
        for participant in session.sessie.deelnemers.map(\.value) {
            var frames = try composeGuide(.deelnemer, session: session, participant: participant)
            frames[0].outlineTitle = participant
            var name = Self.fileName(participant), n = 2
            while !used.insert(name).inserted { name = Self.fileName(participant) + "-\(n)"; n += 1 }
            let out = (directory as NSString).appendingPathComponent(name + ".pdf")
            written += try renderer.write(frames, to: out, metadata: guideMetadata(.deelnemer, session, text: text, participant: participant))
            all += frames
        }
        let combined = (directory as NSString).appendingPathComponent("alle-deelnemers.pdf")
        written += try renderer.write(all, to: combined, metadata: guideMetadata(.deelnemer, session, text: text))
        return RenderReport(written: written, warnings: warnings + missingGlyphWarnings(all, file: path), pages: all.count)
    }

    /// A file name from a person's name: lower case, accents dropped, dashes between words.
    static func fileName(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl"))
        let parts = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return parts.isEmpty ? "deelnemer" : parts.joined(separator: "-")
    }
}
