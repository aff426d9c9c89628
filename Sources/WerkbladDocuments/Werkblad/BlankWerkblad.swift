import SessionModel
import Graphics
import LayoutEngine

extension Engine {
    /// Lays out the werkblad for `content` (blank when it holds no text).
    public func composeWerkblad(_ content: WerkbladContent, layout: WerkbladLayout) -> (frames: [Frame], composer: WerkbladComposer) {
        fitter.hyphenation = hyphenation[content.language]
        let composer = WerkbladComposer(layout: layout, fitter: fitter)
        return (composer.compose(content), composer)
    }
}
