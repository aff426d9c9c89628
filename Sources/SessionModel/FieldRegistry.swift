/// The documents werkblad makes, as far as the field registry needs to know them.
public enum DocumentID: String, Sendable, Hashable, CaseIterable {
    case werkblad, waardenkaart, commonGround = "common-ground", bandbreedte
    case gids = "toelichting-gespreksleider", handout = "hand-out", voorbereiding
}

/// One field of the session format: where it stands, what it holds, what it is called on
/// paper and which documents print it. Every other part of the program (the parser's key
/// table, the JSON Schema test, the layouts' `field:` values, the Chatham House check, the
/// werkblad's content) reads this one declaration.
public struct SessionField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Paragraphs or bullets: the format's *text*.
        case text
        /// One line: a title, a name, a place.
        case line
        /// A name of a person (gespreksleider, a participant).
        case name
        case date, time, minutes, number, choice, list
        /// A setting of the file itself, not printed (versie, taal, layout).
        case control
    }

    /// Where the text of a text field is kept in the model.
    public enum Access: Sendable, Hashable {
        case session(WritableKeyPath<Session, SessionText?> & Sendable)
        case player(WritableKeyPath<Session.Player, SessionText?> & Sendable)
        case option(WritableKeyPath<Session.Option, SessionText?> & Sendable)
        /// Parsed and kept by its own code (dates, lists, numbers, the post-it exercises).
        case structured
    }

    /// `kennismaken.dilemma`, `verkennen.spelers[].naam`: `[]` marks an item of a list.
    public let path: String
    public let kind: Kind
    /// The field's own name in each language (the werkblad's box labels come from its layout).
    public let label: LocalizedText
    /// The documents that print it; empty only for `.control` fields.
    public let documents: Set<DocumentID>
    public let access: Access

    /// The last component: the key as written in the file.
    public var key: String {
        // What follows the last `.` (paths are dotted names, none ends in a dot).
        guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return path }
        return String(path[path.utf8.index(after: dot)...])
    }
    /// The path of the mapping that holds the key (`verkennen.spelers[]`).
    public var parent: String {
        // What precedes the last `.`; a top-level key has the empty path as its parent.
        guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        return String(path[..<dot])
    }
    /// Text fields hold free text written by the group; names in them are checked under Chatham.
    public var isFreeText: Bool { kind == .text }
}

/// Every field of the session format, in the format's order.
public enum FieldRegistry {
    private typealias F = SessionField
    private static func t(_ nl: String, _ en: String) -> LocalizedText { LocalizedText(nl: nl, en: en) }

    public static let all: [SessionField] = [
        F(path: "versie", kind: .control, label: t("Versie", "Version"), documents: [], access: .structured),
        F(path: "taal", kind: .control, label: t("Taal", "Language"), documents: [], access: .structured),
        F(path: "layout", kind: .control, label: t("Layout", "Layout"), documents: [], access: .structured),

        F(path: "sessie.titel", kind: .line, label: t("Titel", "Title"),
          documents: [.werkblad, .gids, .handout, .voorbereiding, .waardenkaart, .commonGround, .bandbreedte], access: .structured),
        F(path: "sessie.datum", kind: .date, label: t("Datum", "Date"), documents: [.werkblad, .gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.tijd", kind: .time, label: t("Tijd", "Time"), documents: [.werkblad, .gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.duur", kind: .minutes, label: t("Duur", "Duration"), documents: [.werkblad, .gids, .voorbereiding], access: .structured),
        F(path: "sessie.locatie", kind: .line, label: t("Locatie", "Location"), documents: [.werkblad, .gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.vorm", kind: .choice, label: t("Vorm", "Form"), documents: [.gids, .handout], access: .structured),
        F(path: "sessie.gespreksleider", kind: .name, label: t("Gespreksleider", "Facilitator"),
          documents: [.werkblad, .gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.dilemma-eigenaar", kind: .name, label: t("Dilemma-eigenaar", "Dilemma owner"),
          documents: [.werkblad, .gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.deelnemers", kind: .list, label: t("Deelnemers", "Participants"), documents: [.gids, .handout, .voorbereiding], access: .structured),
        F(path: "sessie.verslaglegging", kind: .choice, label: t("Verslaglegging", "Record keeping"), documents: [.werkblad, .gids], access: .structured),
        F(path: "sessie.aanleiding", kind: .text, label: t("Aanleiding", "Occasion"), documents: [.gids, .handout, .voorbereiding],
          access: .session(\.sessie.aanleiding)),
        F(path: "sessie.doel", kind: .text, label: t("Doel", "Aim"), documents: [.gids, .handout, .voorbereiding],
          access: .session(\.sessie.doel)),

        F(path: "kennismaken.dilemma", kind: .text, label: t("Wat is het dilemma?", "What is the dilemma?"),
          documents: [.werkblad, .gids, .handout, .voorbereiding], access: .session(\.dilemma)),
        F(path: "kennismaken.waarom-nu", kind: .text, label: t("Waarom is het gesprek nú nodig?", "Why is the conversation needed now?"),
          documents: [.werkblad, .voorbereiding], access: .session(\.waaromNu)),
        F(path: "kennismaken.kaders", kind: .text, label: t("Kaders", "Frameworks"), documents: [.werkblad, .voorbereiding],
          access: .session(\.kaders)),

        F(path: "verkennen.spelers[].naam", kind: .line, label: t("Speler", "Player"), documents: [.werkblad, .gids, .voorbereiding], access: .structured),
        F(path: "verkennen.spelers[].standpunten-en-emoties", kind: .text, label: t("Standpunten en emoties", "Positions and emotions"),
          documents: [.werkblad], access: .player(\.standpuntenEnEmoties)),
        F(path: "verkennen.spelers[].belangen-en-waarden", kind: .text, label: t("Belangen en waarden", "Interests and values"),
          documents: [.werkblad], access: .player(\.belangenEnWaarden)),
        F(path: "verkennen.spelers[].rechten-en-voorkeuren", kind: .text, label: t("Rechten en voorkeuren", "Rights and preferences"),
          documents: [.werkblad], access: .player(\.rechtenEnVoorkeuren)),
        F(path: "verkennen.waarden.inhoud", kind: .list, label: t("Inhoud van de opgave", "Substance"), documents: [.waardenkaart, .gids], access: .structured),
        F(path: "verkennen.waarden.proces-en-relatie", kind: .list, label: t("Proces en relatie", "Process and relationships"),
          documents: [.waardenkaart, .gids], access: .structured),
        F(path: "verkennen.waarden.mens-en-professional", kind: .list, label: t("Mens en professional", "Person and professional"),
          documents: [.waardenkaart, .gids], access: .structured),
        F(path: "verkennen.waarden.spanningen", kind: .list, label: t("Spanningen", "Tensions"), documents: [.waardenkaart], access: .structured),
        F(path: "verkennen.invalshoeken", kind: .list, label: t("Invalshoeken", "Angles"), documents: [.waardenkaart], access: .structured),
        F(path: "verkennen.gedeelde-vraag", kind: .text, label: t("Wat is de gedeelde vraag?", "What is the shared question?"),
          documents: [.werkblad, .gids, .bandbreedte], access: .session(\.gedeeldeVraag)),

        F(path: "afwegen.common-ground.waarden", kind: .list, label: t("Waarden", "Values"), documents: [.commonGround], access: .structured),
        F(path: "afwegen.common-ground.spanning[].deelnemer", kind: .name, label: t("Deelnemer", "Participant"),
          documents: [.commonGround], access: .structured),
        F(path: "afwegen.common-ground.spanning[].waarde", kind: .number, label: t("Spanning", "Tension"), documents: [.commonGround], access: .structured),
        F(path: "afwegen.common-ground.versterking", kind: .text, label: t("Versterking", "Strengthening"), documents: [.commonGround],
          access: .session(\.versterking)),
        F(path: "afwegen.common-ground.common-ground", kind: .text, label: t("Common ground", "Common ground"), documents: [.commonGround],
          access: .session(\.commonGroundText)),
        F(path: "afwegen.handelingsperspectieven.grenzen", kind: .list, label: t("Grenzen", "Limits"), documents: [.bandbreedte], access: .structured),
        F(path: "afwegen.handelingsperspectieven.opties[].tekst", kind: .line, label: t("Handelingsoptie", "Action idea"),
          documents: [.bandbreedte], access: .structured),
        F(path: "afwegen.handelingsperspectieven.opties[].positie", kind: .number, label: t("Positie", "Position"),
          documents: [.bandbreedte], access: .structured),
        F(path: "afwegen.handelingsperspectieven.opties[].door", kind: .name, label: t("Door", "By"), documents: [.bandbreedte], access: .structured),
        F(path: "afwegen.opties[].titel", kind: .line, label: t("Optie", "Option"), documents: [.werkblad], access: .structured),
        F(path: "afwegen.opties[].voordelen", kind: .text, label: t("Voordelen", "Advantages"), documents: [.werkblad], access: .option(\.voordelen)),
        F(path: "afwegen.opties[].nadelen", kind: .text, label: t("Nadelen", "Disadvantages"), documents: [.werkblad], access: .option(\.nadelen)),
        F(path: "afwegen.conclusie", kind: .text, label: t("Wat is de conclusie?", "What is the conclusion?"), documents: [.werkblad],
          access: .session(\.conclusie)),

        F(path: "kiezen.keuze", kind: .text, label: t("Wat is de keuze?", "What is the choice?"), documents: [.werkblad], access: .session(\.keuze)),
        F(path: "kiezen.wat-heeft-wie-nodig", kind: .text, label: t("Wat heeft wie nodig?", "Who needs what?"), documents: [.werkblad],
          access: .session(\.watHeeftWieNodig)),
        F(path: "kiezen.hoe-nu-verder", kind: .text, label: t("Hoe nu verder?", "What next?"), documents: [.werkblad], access: .session(\.hoeNuVerder)),

        F(path: "afronding.tevreden", kind: .text, label: t("Zijn we tevreden?", "Are we satisfied?"), documents: [.werkblad], access: .session(\.tevreden)),
        F(path: "afronding.samenvatting", kind: .text, label: t("Samenvatting", "Summary"), documents: [.werkblad], access: .session(\.samenvatting)),
    ]

    private static let byPath: [String: SessionField] = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0) })

    /// The field at `path`, nil when the format has none.
    public static func field(_ path: String) -> SessionField? { byPath[path] }

    /// A field's name in a fillable PDF: flat and stable, since a `.` separates a form's levels
    /// of names. `_` stands for `.` and an item of a list is numbered from 1:
    /// `kennismaken_dilemma`, `verkennen_spelers_2_naam`.
    public static func formName(_ path: String, index: Int? = nil) -> String {
        // In one pass over the bytes: `[]` becomes `._N`, then `._` becomes `_` and any other `.` `_`.
        var numbered: [UInt8] = []
        numbered.reserveCapacity(path.utf8.count + 4)
        let bytes = Array(path.utf8)
        var i = 0
        while i < bytes.count {
            if let index, bytes[i] == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "]") {
                numbered += [UInt8(ascii: "."), UInt8(ascii: "_")] + Array(String(index + 1).utf8)
                i += 2
            } else {
                numbered.append(bytes[i])
                i += 1
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(numbered.count)
        i = 0
        while i < numbered.count {
            if numbered[i] == UInt8(ascii: ".") {
                out.append(UInt8(ascii: "_"))
                i += i + 1 < numbered.count && numbered[i + 1] == UInt8(ascii: "_") ? 2 : 1
            } else {
                out.append(numbered[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The field (and list index) a fillable PDF's field name stands for; nil for a name werkblad never writes.
    public static func field(formName name: String) -> (field: SessionField, index: Int?)? {
        for field in all where field.kind != .control {
            guard field.path.contains("[]") else {
                if formName(field.path) == name { return (field, nil) }
                continue
            }
            let parts = formName(field.path).parts(separatedBy: "[]")
            guard parts.count == 2, name.hasPrefix(parts[0] + "_"), name.hasSuffix(parts[1]) else { continue }
            let middle = name.dropFirst(parts[0].count + 1).dropLast(parts[1].count)
            if let n = Int(middle), n >= 1, String(n) == middle { return (field, n - 1) }
        }
        return nil
    }

    /// The nearest registered path, for a typo in a layout.
    public static func suggestion(for path: String, among candidates: [SessionField] = all) -> String? {
        SessionModel.suggestion(for: path, among: candidates.map(\.path))
    }

    /// Allowed keys per mapping (`""` is the file itself, `verkennen.spelers[]` an item of the list),
    /// in the order of the format; derived from the paths above.
    public static let keys: [String: [String]] = {
        var table: [String: [String]] = [:]
        func add(_ key: String, to parent: String) {
            if !(table[parent, default: []].contains(key)) { table[parent, default: []].append(key) }
        }
        for field in all {
            var parent = ""
            for component in field.path.split(separator: ".") {
                // `spelers[]`: the key as written is `spelers`, its items' parent keeps the mark.
                add(String(component.hasSuffix("[]") ? component.dropLast(2) : component), to: parent)
                parent = parent.isEmpty ? String(component) : parent + "." + String(component)
            }
        }
        return table
    }()
}

/// Text of a field in a session, with its list index for a player's or an option's field.
public struct FieldText: Sendable, Hashable {
    public var field: SessionField
    public var index: Int?
    public var text: SessionText
}

extension Session {
    /// The text of a text field; `index` picks the player or option.
    public func text(_ field: SessionField, index: Int? = nil) -> SessionText? {
        switch field.access {
        case .session(let path): return self[keyPath: path]
        case .player(let path):
            guard let index, spelers.indices.contains(index) else { return nil }
            return spelers[index][keyPath: path]
        case .option(let path):
            guard let index, opties.indices.contains(index) else { return nil }
            return opties[index][keyPath: path]
        case .structured: return nil
        }
    }

    /// How many items the field is kept on: the players or the options (one for a field of the session).
    public func itemCount(_ field: SessionField) -> Int {
        switch field.access {
        case .player: return spelers.count
        case .option: return opties.count
        case .session, .structured: return 1
        }
    }

    /// Every free text of the file, field by field in the registry's order, each player's and option's in turn.
    public var freeTexts: [FieldText] {
        // A loop, not filter/flatMap/compactMap: each of their closures took a copy of the session.
        var texts: [FieldText] = []
        for field in FieldRegistry.all where field.isFreeText {
            switch field.access {
            case .player, .option:
                for i in 0..<itemCount(field) { if let t = text(field, index: i) { texts.append(FieldText(field: field, index: i, text: t)) } }
            default:
                if let t = text(field) { texts.append(FieldText(field: field, index: nil, text: t)) }
            }
        }
        return texts
    }
}
