import Foundation
import Graphics
import LayoutEngine
import SessionModel

extension Session {
    /// The content of the werkblad for this session, and where each content key was written;
    /// `fillable`: of the fillable PDF, with the values its form fields start with.
    public func werkbladContent(guideLines: Bool = false, fillable: Bool = false) -> (content: WerkbladContent, positions: [String: SourcePosition]) {
        var c = WerkbladContent(language: taal, players: spelers.isEmpty ? 3 : spelers.count,
                                options: opties.isEmpty ? 2 : opties.count, guideLines: guideLines)
        c.fillable = fillable
        var positions: [String: SourcePosition] = [:]
        let hidden = Session.hiddenName[taal]
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
        // Every text field the werkblad prints, as the registry declares them: boxes by path, table cells by key.
        for field in FieldRegistry.all where field.documents.contains(.werkblad) && field.isFreeText {
            switch field.access {
            case .session:
                guard let t = text(field), !t.isEmpty else { continue }
                // A field that shares its box with others is introduced by its own name ("Kaders: …").
                let lead = field.path == "kennismaken.kaders" ? field.label[taal] + ":" + (t.form == .bullets ? "\n" : " ") : ""
                c.fields[field.path] = lead + t.rendered
                positions[field.path] = t.position
            case .player, .option:
                let texts = (0..<itemCount(field)).map { text(field, index: $0) }
                c.cells[field.key] = texts.map { $0.flatMap { $0.isEmpty ? nil : $0.rendered } }
                for (i, t) in texts.enumerated() { if let t { positions["\(field.key)#\(i)"] = t.position } }
            case .structured: continue
            }
        }
        c.playerNames = spelers.map(\.naam)
        c.optionTitles = opties.map(\.titel)
        // Only a form's fields read them (0.6 % of a printed werkblad's instructions otherwise).
        if fillable { c.formValues = formValues(hidingNamesAs: namesAllowed ? nil : hidden) }
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
        return clockTime(hours: total / 60, minutes: total % 60)
    }

    /// The author in the archive: the gespreksleider, unless the Chatham House Rule hides them (a participant).
    public var archiveAuthor: String? {
        guard let leader = sessie.gespreksleider else { return nil }
        return namesAllowed || !sessie.deelnemers.contains { $0.value == leader } ? leader : nil
    }

    /// The PDF date of the conversation: its date and start time, else the release date.
    public var documentDate: String {
        guard let d = sessie.datum else { return WerkbladVersion.releaseDate }
        return "\(d)T\(sessie.tijd ?? "00:00"):00"
    }
}

extension Engine {
    /// A layout named on the command line (`--layout`): by name, or a path from the current folder.
    func overrideLayout(_ override: String) throws -> WerkbladLayout {
        try layout(override, relativeTo: FileManager.default.currentDirectoryPath)
    }

    /// Reads the layouts a render of `part` will most likely use, while the session file is still
    /// being read on another thread: the override, else the default werkblad layout (a session that
    /// names another has that one read when it is composed), or the diagrams' layout for a diagram.
    /// They stay in the cache; a failure is left for the composition to report, after any error in
    /// the session file, as without reading ahead.
    public func readAhead(layoutOverride override: String?, part: DocumentPart?) {
        if part == nil || part == .werkblad {
            _ = try? override.map(overrideLayout) ?? layout(Self.defaultLayout)
        }
        if part?.diagram != nil { _ = try? diagramLayout() }
    }
}

extension Engine {
    /// The layout a session gets that names none.
    public static let defaultLayout = "werkblad-a3"

    /// The session's layout: the override, else the file's `layout:` (relative to the file), else the default.
    public func layout(for session: Session, override: String?) throws -> WerkbladLayout {
        if let override { return try overrideLayout(override) }
        guard let named = session.layout else { return try layout(Self.defaultLayout) }
        // A session names a layout from Layouts/ or a .yaml file in its own folder (or below):
        // a file shared by someone else must not make werkblad read any other file on the machine.
        let value = named.value
        if value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml") {
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            guard !value.hasPrefix("/"), !value.hasPrefix("~"), !parts.contains("..") else {
                throw Diagnostic.error(named.position, "layout '\(value)': een layout in een sessiebestand is een naam uit Layouts/ "
                                       + "(\(resources.layoutNames.joined(separator: ", "))) of een pad binnen de map van het sessiebestand, "
                                       + "zonder / aan het begin en zonder ..")
            }
            guard value.hasSuffix(".yaml") || value.hasSuffix(".yml") else {
                throw Diagnostic.error(named.position, "layout '\(value)': een layoutbestand eindigt op .yaml of .yml")
            }
            // Also through a symbolic link: the file itself must be inside the session's folder.
            let folder = URL(fileURLWithPath: (session.file as NSString).deletingLastPathComponent).resolvingSymlinksInPath().path
            let target = URL(fileURLWithPath: (folder as NSString).appendingPathComponent(value)).resolvingSymlinksInPath().path
            guard target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
                throw Diagnostic.error(named.position, "layout '\(value)': wijst (via een koppeling) naar een bestand buiten de map van het sessiebestand")
            }
        }
        do {
            return try layout(named.value, relativeTo: (session.file as NSString).deletingLastPathComponent)
        } catch let error as WerkbladError {
            throw Diagnostic.error(named.position, error.description)
        } catch let d as Diagnostic where d.position.line == nil {
            throw Diagnostic.error(named.position, "layout '\(named.value)': \(d.message)")
        }
    }
}
