import Foundation
import Graphics
import LayoutEngine
import SessionModel

/// Errors of making documents that the program acts on; the Dutch text is made here only.
public enum DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Hand-outs need participants.
    case noParticipants(file: String)
    case notAFolder(path: String)
    /// `--streng`: names that would reach an archive document under the Chatham House Rule.
    case participantNames([Diagnostic])

    public var description: String {
        switch self {
        case let .participantNames(places):
            return places.map { Diagnostic.error($0.position, $0.message).description }.joined(separator: "\n")
                + "\n--streng: een naam van een deelnemer zou in het archief komen; er is niets geschreven"
        case let .noParticipants(file):
            return "\(file): fout: het sessiebestand noemt geen deelnemers (sessie.deelnemers); er is niemand om een hand-out voor te maken"
        case let .notAFolder(path): return "\(path): fout: is geen map"
        }
    }
}

extension Engine {
    /// Notices about a composed werkblad: text set smaller, text continued on a vervolgblad.
    func fittingNotices(_ composer: WerkbladComposer, positions: [String: SourcePosition], file: String) -> [Diagnostic] {
        var notices: [Diagnostic] = []
        let fallback = SourcePosition(file: file)
        for s in composer.shrunk {
            let size = s.fontSize.map { String(format: "%.1f", $0.points) } ?? "?"
            notices.append(.warning(s.key.flatMap { positions[$0] } ?? fallback,
                                    "tekst in ‘\(s.source)’ is kleiner gezet (\(size) pt) om in het vak te passen"))
        }
        for o in composer.overflow {
            notices.append(.warning(o.key.flatMap { positions[$0] } ?? fallback,
                                    "tekst in ‘\(o.source)’ past niet in het vak en loopt door op een vervolgblad"))
        }
        notices += formNotices(composer, positions: positions, file: file)
        return notices
    }

    /// Notices about a fillable werkblad's fields: a value that shows only in part, text that a
    /// viewer's own drawing of the field (after an edit) cannot show.
    func formNotices(_ composer: WerkbladComposer, positions: [String: SourcePosition], file: String) -> [Diagnostic] {
        var notices: [Diagnostic] = []
        func position(_ formName: String?) -> SourcePosition {
            guard let formName, let (field, index) = FieldRegistry.field(formName: formName) else { return SourcePosition(file: file) }
            return positions[index.map { "\(field.key)#\($0)" } ?? field.path] ?? SourcePosition(file: file)
        }
        for o in composer.formOverflow {
            notices.append(.warning(position(o.key), "de tekst van veld ‘\(o.source)’ is langer dan het veld laat zien; "
                                    + "hij staat er helemaal in (een viewer laat het veld scrollen)"))
        }
        for field in composer.fields where !field.value.canBeConverted(to: .windowsCP1252) {
            var odd: [String] = []
            for scalar in field.value.unicodeScalars where !String(scalar).canBeConverted(to: .windowsCP1252) && !odd.contains(String(scalar)) {
                odd.append(String(scalar))
            }
            let shown = odd.prefix(5).joined(separator: " ") + (odd.count > 5 ? " …" : "")
            notices.append(.warning(position(field.name), "veld ‘\(field.tooltip)’ bevat tekens (\(shown)) buiten het lettertype dat viewers "
                                    + "voor invulvelden gebruiken: de tekst blijft bewaard en werkblad tekent hem goed, maar een viewer "
                                    + "die het veld na een wijziging zelf tekent, toont die tekens slecht"))
        }
        return notices
    }

    func werkbladMetadata(_ layout: WerkbladLayout, language: Language, title sessionTitle: String?, session: Session?) -> DocumentMetadata {
        let title = layout.label("title", language)
        return DocumentMetadata(title: sessionTitle.map { "\(title): \($0)" } ?? title, subject: layout.label("subtitle", language),
                                keywords: Keywords.werkblad(language), author: session?.archiveAuthor,
                                date: session?.documentDate ?? WerkbladVersion.releaseDate, language: language)
    }
}

/// Keywords of each document, in the document's language.
enum Keywords {
    static func base(_ l: Language) -> [String] { l == .nl ? ["dilemmagesprek", "openbaarheid"] : ["dilemma conversation", "openness"] }
    static func werkblad(_ l: Language) -> [String] { base(l) + [l == .nl ? "werkblad" : "worksheet"] }
    static func diagram(_ l: Language, _ kind: DiagramKind) -> [String] { base(l) + [kind.rawValue] }
    static func guide(_ l: Language) -> [String] { base(l) + [l == .nl ? "toelichting" : "guide"] }
    static func preparation(_ l: Language) -> [String] { base(l) + [l == .nl ? "voorbereiding" : "preparation"] }
}

// MARK: The werkblad

/// The blank werkblad: counts, language and writing lines, no session.
public struct BlankWerkblad: DocumentKind {
    public var content: WerkbladContent
    public var layout: WerkbladLayout

    public init(content: WerkbladContent, layout: WerkbladLayout) { self.content = content; self.layout = layout }

    public func compose(with engine: Engine) throws -> Composition {
        let (pages, composer) = engine.composeWerkblad(content, layout: layout)
        return Composition(pages: pages, notices: engine.missingGlyphWarnings(pages, file: layout.source)
                               + engine.formNotices(composer, positions: [:], file: layout.source),
                           metadata: engine.werkbladMetadata(layout, language: content.language, title: nil, session: nil),
                           inputs: [layout.source])
    }
}

/// What `render` makes of a session: the filled werkblad with its vervolgbladen, then every
/// diagram the file has data for (or one part of it).
public struct SessionDocuments: DocumentKind {
    public var session: LoadedSession
    public var layoutOverride: String?
    public var guideLines: Bool
    public var only: DocumentPart?
    /// The werkblad as a fillable PDF form, pre-filled from the session.
    public var fillable: Bool
    /// A participant's name where the Chatham House Rule forbids it is an error, not a warning.
    public var strict: Bool

    public init(session: LoadedSession, layoutOverride: String? = nil, guideLines: Bool = false, only: DocumentPart? = nil,
                fillable: Bool = false, strict: Bool = false) {
        self.session = session; self.layoutOverride = layoutOverride; self.guideLines = guideLines; self.only = only
        self.fillable = fillable; self.strict = strict
    }

    public func compose(with engine: Engine) throws -> Composition {
        let s = session.session
        let named = session.warnings.filter { $0.code == .participantName }
        if strict, !named.isEmpty { throw DocumentError.participantNames(named) }
        let layout = try engine.layout(for: s, override: layoutOverride)
        let (content, positions) = s.werkbladContent(guideLines: guideLines, fillable: fillable)
        var pages: [Frame] = []
        var notices = session.warnings
        if only == nil || only == .werkblad {
            let (frames, composer) = engine.composeWerkblad(content, layout: layout)
            pages = frames
            notices += engine.fittingNotices(composer, positions: positions, file: s.file)
        }
        var inputs = [s.file, layout.source]
        // In the method's order: the values of step 2, then 3a and 3b.
        for kind in DiagramKind.methodOrder where only.map({ $0.diagram == kind }) ?? s.hasData(for: kind) {
            pages += try engine.composeDiagram(kind, session: s)
            inputs.append(try engine.diagramLayout().source)
        }
        notices += engine.missingGlyphWarnings(pages, file: s.file)
        return Composition(pages: pages, notices: notices,
                           metadata: engine.werkbladMetadata(layout, language: s.taal, title: content.facts.title, session: s),
                           inputs: inputs)
    }
}

// MARK: Diagrams

/// One diagram: filled from a session, or blank; `tiles` prints each page as a poster of that size over A4 sheets.
public struct DiagramDocument: DocumentKind {
    public var kind: DiagramKind
    public var session: LoadedSession?
    public var language: Language
    public var tiles: PosterSize?

    public init(kind: DiagramKind, session: LoadedSession?, language: Language = .nl, tiles: PosterSize? = nil) {
        self.kind = kind; self.session = session; self.language = language; self.tiles = tiles
    }

    public func compose(with engine: Engine) throws -> Composition {
        let s = session?.session
        let lang = s?.taal ?? language
        var pages = try engine.composeDiagram(kind, session: s, language: language)
        if let tiles { pages = try engine.tiled(pages, size: tiles, language: lang) }
        let layout = try engine.diagramLayout()
        let title = layout.label(Engine.titleKey(kind), lang)
        let metadata = DocumentMetadata(title: s?.sessie.titel.map { "\(title): \($0)" } ?? title,
                                        subject: layout.label(Engine.titleKey(kind).replacingOccurrences(of: "title", with: "subtitle"), lang),
                                        keywords: Keywords.diagram(lang, kind), author: s?.archiveAuthor,
                                        date: s?.documentDate ?? WerkbladVersion.releaseDate, language: lang)
        return Composition(pages: pages, notices: (session?.warnings ?? []) + engine.missingGlyphWarnings(pages, file: s?.file ?? layout.source),
                           metadata: metadata, inputs: [s?.file, layout.source].compactMap { $0 })
    }
}

// MARK: Toelichting, hand-outs

extension Engine {
    func guideMetadata(_ text: GuideText, _ session: Session?, language: Language, participant: String? = nil) -> DocumentMetadata {
        var title = text.setting("titel") ?? ""
        if let t = session?.sessie.titel { title += ": \(t)" }
        if let participant { title += " (\(participant))" }
        return DocumentMetadata(title: title, subject: text.setting("ondertitel") ?? "", keywords: Keywords.guide(language),
                                author: session?.archiveAuthor, date: session?.documentDate ?? WerkbladVersion.releaseDate,
                                language: language)
    }
}

/// A toelichting (A4): for the gespreksleider, the general one for participants, or the voorbereiding.
public struct GuideDocument: DocumentKind {
    public var kind: GuideKind
    public var session: LoadedSession?
    /// Set for a participant's personal hand-out.
    public var participant: String?
    /// The language without a session (a session sets its own).
    public var language: Language

    public init(kind: GuideKind, session: LoadedSession?, participant: String? = nil, language: Language = .nl) {
        self.kind = kind; self.session = session; self.participant = participant; self.language = language
    }

    public func compose(with engine: Engine) throws -> Composition {
        let s = session?.session
        let lang = s?.taal ?? language
        // Read once: for the pages and for the metadata.
        let text = try engine.guideText(kind, language: lang)
        var pages = try engine.composeGuide(kind, session: s, participant: participant, language: lang, text: text)
        if let participant, !pages.isEmpty { pages[0].outlineTitle = participant }
        var inputs = [s?.file, text.source, try engine.guideLayout().source].compactMap { $0 }
        if kind == .gespreksleider { inputs.append(try engine.guideWerkbladLayout(for: s).source) }
        var metadata = engine.guideMetadata(text, s, language: lang, participant: participant)
        if kind == .voorbereiding { metadata.keywords = Keywords.preparation(lang) }
        return Composition(pages: pages,
                           notices: (participant == nil ? session?.warnings ?? [] : []) + engine.missingGlyphWarnings(pages, file: s?.file ?? text.source),
                           metadata: metadata, inputs: inputs)
    }
}

/// One hand-out per participant, and all of them together (`alle-deelnemers.pdf`).
public struct Handouts {
    public var session: LoadedSession

    public init(session: LoadedSession) { self.session = session }

    /// File name (without extension) and composition of each participant's hand-out, then the combined one.
    public func compose(with engine: Engine) throws -> [(name: String, composition: Composition)] {
        let s = session.session
        guard !s.sessie.deelnemers.isEmpty else { throw DocumentError.noParticipants(file: s.file) }
        var result: [(String, Composition)] = [], used = Set<String>()
        var all: Composition?
        for participant in s.sessie.deelnemers.map(\.value) {
            let c = try GuideDocument(kind: .deelnemer, session: session, participant: participant).compose(with: engine)
            var name = Engine.fileName(participant), n = 2
            while !used.insert(name).inserted { name = Engine.fileName(participant) + "-\(n)"; n += 1 }
            result.append((name, c))
            if all == nil {
                all = c
                all!.metadata = engine.guideMetadata(try engine.guideText(.deelnemer, language: s.taal), s, language: s.taal)
                all!.notices = session.warnings + c.notices
            } else {
                all!.append(c)
            }
        }
        result.append(("alle-deelnemers", all!))
        return result
    }
}

// MARK: Voorbereiding

/// The dilemma-eigenaar's preparation (A4): the questions of stap 1a and the voorgesprek with room
/// to write, pre-filled where the session file already answers them. Its text is
/// `Layouts/voorbereiding-dilemma-eigenaar.md` (`.en.md` for English); the `{{antwoord …}}` lines
/// name the registry's fields.
public struct Voorbereiding: DocumentKind {
    public var session: LoadedSession?
    public var language: Language

    public init(session: LoadedSession?, language: Language = .nl) { self.session = session; self.language = language }

    public func compose(with engine: Engine) throws -> Composition {
        try GuideDocument(kind: .voorbereiding, session: session, language: language).compose(with: engine)
    }
}
