import Foundation
import Graphics
import LayoutEngine

extension Session {
    /// The content of the werkblad for this session, and where each content key was written.
    public func werkbladContent(guideLines: Bool = false) -> (content: WerkbladContent, positions: [String: SourcePosition]) {
        var c = WerkbladContent(language: taal, players: spelers.isEmpty ? 3 : spelers.count,
                                options: opties.isEmpty ? 2 : opties.count, guideLines: guideLines)
        var positions: [String: SourcePosition] = [:]
        let hidden = taal == .nl ? "niet vermeld (Chatham House Rule)" : "not recorded (Chatham House Rule)"
        let participants = Set(sessie.deelnemers.map(\.value))
        var leader = sessie.gespreksleider
        if !namesAllowed, let l = leader, participants.contains(l) { leader = hidden }
        var time = sessie.tijd
        if let t = sessie.tijd, let d = sessie.duur { time = "\(t)–\(Self.add(minutes: d, to: t))" }
        var place = sessie.locatie
        if let form = sessie.vorm, form == .online, place == nil { place = "online" }
        c.facts = .init(title: sessie.titel, date: sessie.datum.map { Self.longDate($0, taal) }, time: time, place: place,
                        leader: leader, owner: sessie.dilemmaEigenaar.map { namesAllowed ? $0 : hidden })
        c.footnote = namesAllowed
            ? (taal == .nl ? "Verslaglegging met namen" : "Recorded with names")
            : (taal == .nl ? "Verslaglegging volgens de Chatham House Rule: inzichten delen mag, herleiden tot personen niet"
                           : "Recorded under the Chatham House Rule: insights may be shared, not traced to persons")
        let fields: [(String, SessionText?)] = [
            ("kennismaken.dilemma", dilemma), ("kennismaken.waarom-nu", waaromNu), ("kennismaken.kaders", kaders),
            ("verkennen.gedeelde-vraag", gedeeldeVraag), ("afwegen.conclusie", conclusie), ("kiezen.keuze", keuze),
            ("kiezen.wat-heeft-wie-nodig", watHeeftWieNodig), ("kiezen.hoe-nu-verder", hoeNuVerder),
            ("afronding.tevreden", tevreden), ("afronding.samenvatting", samenvatting),
        ]
        for case let (key, text?) in fields where !text.isEmpty {
            c.fields[key] = text.rendered
            positions[key] = text.position
        }
        if let k = c.fields["kennismaken.kaders"] {
            c.fields["kennismaken.kaders"] = (taal == .nl ? "Kaders:" : "Frameworks:") + (kaders?.form == .bullets ? "\n" : " ") + k
        }
        c.playerNames = spelers.map(\.naam)
        c.optionTitles = opties.map(\.titel)
        func cells(_ field: String, _ texts: [SessionText?]) {
            c.cells[field] = texts.map { $0.flatMap { $0.isEmpty ? nil : $0.rendered } }
            for (i, t) in texts.enumerated() { if let t { positions["\(field)#\(i)"] = t.position } }
        }
        cells("standpunten-en-emoties", spelers.map(\.standpuntenEnEmoties))
        cells("belangen-en-waarden", spelers.map(\.belangenEnWaarden))
        cells("rechten-en-voorkeuren", spelers.map(\.rechtenEnVoorkeuren))
        cells("voordelen", opties.map(\.voordelen))
        cells("nadelen", opties.map(\.nadelen))
        return (c, positions)
    }

    /// `2026-11-17` as `17 november 2026` (nl) or `17 November 2026` (en).
    static func longDate(_ iso: String, _ language: Language) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return iso }
        let nl = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(p[2]) \((language == .nl ? nl : en)[p[1] - 1]) \(p[0])"
    }

    static func add(minutes: Int, to time: String) -> String {
        let p = time.split(separator: ":").compactMap { Int($0) }
        let total = (p[0] * 60 + p[1] + minutes) % (24 * 60)
        return String(format: "%02d:%02d", total / 60, total % 60)
    }

    /// The author in the archive: the gespreksleider, unless the Chatham House Rule hides them (a participant).
    var archiveAuthor: String? {
        guard let leader = sessie.gespreksleider else { return nil }
        return namesAllowed || !sessie.deelnemers.contains { $0.value == leader } ? leader : nil
    }

    /// The PDF date of the conversation: its date and start time, else the release date.
    var documentDate: String {
        guard let d = sessie.datum else { return WerkbladVersion.releaseDate }
        return "\(d)T\(sessie.tijd ?? "00:00"):00"
    }
}

/// The outcome of rendering a session: files written and everything worth telling the user.
public struct RenderReport: Sendable {
    public var written: [String]
    public var warnings: [Diagnostic]
    public var pages: Int
}

extension Engine {
    /// Reads, validates and renders the filled werkblad of the session file at `path`.
    /// Nothing is written when the file has an error.
    /// `only` renders one part; by default the werkblad is followed by every diagram the file has data for.
    public func renderSession(_ path: String, to output: String, layoutOverride: String? = nil,
                              guideLines: Bool = false, only: DocumentPart? = nil, archive: Bool = false) throws -> RenderReport {
        let (session, parseWarnings) = try SessionParser(file: path).parse()
        hyphenation[session.taal]?.prefetch()
        let layout = try self.layout(for: session, override: layoutOverride)
        let (content, positions) = session.werkbladContent(guideLines: guideLines)
        var (frames, composer) = composeWerkblad(content, layout: layout)
        if only != nil && only != .werkblad { frames = [] }
        for kind in DiagramKind.allCases where only.map({ $0.diagram == kind }) ?? session.hasData(for: kind) {
            frames += try composeDiagram(kind, session: session)
        }
        var warnings = parseWarnings
        let file = SourcePosition(file: path)
        for s in composer.shrunk where only == nil || only == .werkblad {
            let size = s.fontSize.map { String(format: "%.1f", $0.points) } ?? "?"
            warnings.append(.warning(s.key.flatMap { positions[$0] } ?? file,
                                     "tekst in ‘\(s.source)’ is kleiner gezet (\(size) pt) om in het vak te passen"))
        }
        for o in composer.overflow where only == nil || only == .werkblad {
            warnings.append(.warning(o.key.flatMap { positions[$0] } ?? file,
                                     "tekst in ‘\(o.source)’ past niet in het vak en loopt door op een vervolgblad"))
        }
        warnings += missingGlyphWarnings(frames, file: path)
        var metadata = werkbladMetadata(layout, content, date: session.documentDate)
        metadata.author = session.archiveAuthor
        let settings = archive ? try archiveSettings(session.taal) : nil
        let written = try renderer.write(frames, to: output, metadata: metadata, archive: settings)
        return RenderReport(written: written, warnings: warnings, pages: frames.count)
    }

    /// The session's layout: the override, else the file's `layout:` (relative to the file), else the default.
    func layout(for session: Session, override: String?) throws -> WerkbladLayout {
        if let override { return try layout(override, relativeTo: FileManager.default.currentDirectoryPath) }
        guard let named = session.layout else { return try layout("werkblad-a3") }
        do {
            return try layout(named.value, relativeTo: (session.file as NSString).deletingLastPathComponent)
        } catch let error as WerkbladError {
            throw Diagnostic.error(named.position, error.description)
        } catch let d as Diagnostic where d.position.line == nil {
            throw Diagnostic.error(named.position, "layout '\(named.value)': \(d.message)")
        }
    }
}
