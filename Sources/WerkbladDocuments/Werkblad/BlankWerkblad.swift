import Graphics
import LayoutEngine

extension Engine {
    /// Metadata of a werkblad PDF.
    func werkbladMetadata(_ layout: WerkbladLayout, _ content: WerkbladContent, date: String) -> PDFMetadata {
        let title = layout.label("title", content.language)
        return PDFMetadata(title: content.facts.title.map { "\(title): \($0)" } ?? title,
                           subject: layout.label("subtitle", content.language),
                           author: content.facts.leader,
                           keywords: "dilemmagesprek, openbaarheid, werkblad",
                           creator: "werkblad \(WerkbladVersion.string)", date: date)
    }

    /// Lays out the werkblad for `content` (blank when it holds no text).
    public func composeWerkblad(_ content: WerkbladContent, layout: WerkbladLayout) -> (frames: [Frame], composer: WerkbladComposer) {
        fitter.hyphenation = hyphenation[content.language]
        let composer = WerkbladComposer(layout: layout, fitter: fitter)
        return (composer.compose(content), composer)
    }

    /// Writes the blank werkblad to `path` (.pdf, .png, .svg). Warnings name characters of the
    /// layout's labels that no bundled font has.
    public func renderBlank(_ content: WerkbladContent, layout: WerkbladLayout, to path: String) throws -> RenderReport {
        let frames = composeWerkblad(content, layout: layout).frames
        let written = try renderer.write(frames, to: path, metadata: werkbladMetadata(layout, content, date: WerkbladVersion.releaseDate))
        return RenderReport(written: written, warnings: missingGlyphWarnings(frames, file: layout.source), pages: frames.count)
    }
}
