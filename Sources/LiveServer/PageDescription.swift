import SessionModel
import WerkbladDocuments
import Graphics

/// The live werkblad page as data: the werkblad layout's columns, steps, boxes and tables in its
/// own wording, each field named as the field registry names it (`FieldRegistry.formName`), and
/// the labels of the two post-it exercises from the diagram layout. The page's script builds the
/// form from it, so the browser shows what the paper werkblad shows.
struct PageDescription: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        var name: String
        /// The accessible name: the printed label ("Wat is de conclusie?").
        var label: String
        /// `text` (several lines), `line`, `date` or `time`.
        var kind: String
    }
    struct Box: Encodable, Sendable {
        var label: String
        var fields: [Field]
    }
    struct Table: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            var label: String
            /// The row's field for each possible column, from the first.
            var names: [String]
        }
        var corner: String
        /// `spelers` or `opties`.
        var columns: String
        /// The header of each possible column ("Speler A") and its name field.
        var headers: [String]
        var headerNames: [String]
        var headerLabels: [String]
        var rows: [Row]
        var maximum: Int
    }
    struct Item: Encodable, Sendable {
        var box: Box?
        var row: [Box]?
        var table: Table?
    }
    struct Section: Encodable, Sendable {
        var number: Int
        var title: String
        var items: [Item]
    }
    var title: String
    var subtitle: String
    var language: String
    var header: [Field]
    var columns: [[Section]]
    var footnote: String
    /// Labels and colours of the exercises (3a, 3b) and the page's own words.
    var labels: [String: String]
    var colors: [String: String]

    init(layout: WerkbladLayout, diagrams: DiagramLayout, language: Language, chatham: Bool) {
        let lang = language
        title = layout.label("title", lang)
        subtitle = layout.label("subtitle", lang)
        self.language = lang.rawValue
        func kind(_ path: String) -> String {
            switch FieldRegistry.field(path)?.kind {
            case .text?: return "text"
            case .date?: return "date"
            case .time?: return "time"
            default: return "line"
            }
        }
        func field(_ path: String, label: String, index: Int? = nil) -> Field {
            Field(name: FieldRegistry.formName(path, index: index), label: label, kind: kind(path))
        }
        header = [
            field("sessie.titel", label: layout.label("form-title", lang)),
            field("sessie.datum", label: layout.label("date", lang)),
            field("sessie.tijd", label: layout.label("form-time", lang)),
            field("sessie.locatie", label: layout.label("place", lang)),
            field("sessie.gespreksleider", label: layout.label("leader", lang)),
            field("sessie.dilemma-eigenaar", label: layout.label("owner", lang)),
        ]
        func box(_ b: WerkbladLayout.BoxSpec) -> Box {
            // One field: the box's label names it; several: each its own name, as in the fillable PDF.
            Box(label: b.label[lang], fields: b.fields.map { path in
                field(path, label: b.fields.count == 1 ? b.label[lang] : (FieldRegistry.field(path)?.label[lang] ?? path))
            })
        }
        func table(_ t: WerkbladLayout.TableSpec) -> Table {
            let isPlayers = t.columns == .spelers
            let maximum = isPlayers ? SessionParser.maxPlayers : SessionParser.maxOptions
            let list = isPlayers ? "verkennen.spelers[]." : "afwegen.opties[]."
            let columnLabel = layout.label(isPlayers ? "player" : "option", lang)
            var headers: [String] = []
            for i in 0..<maximum {
                let n: String = isPlayers ? String(UnicodeScalar(UInt8(65 + i))) : String(i + 1)
                headers.append(columnLabel.replacingOccurrences(of: "{n}", with: n))
            }
            let nameField = isPlayers ? "verkennen.spelers[].naam" : "afwegen.opties[].titel"
            let nameLabel = layout.label(isPlayers ? "form-player-name" : "form-option-title", lang)
            let headerNames: [String] = (0..<maximum).map { FieldRegistry.formName(nameField, index: $0) }
            let headerLabels: [String] = headers.map { nameLabel.replacingOccurrences(of: "{column}", with: $0) }
            var rows: [Table.Row] = []
            for row in t.rows {
                let names: [String] = (0..<maximum).map { FieldRegistry.formName(list + row.field, index: $0) }
                rows.append(Table.Row(label: row.label[lang], names: names))
            }
            return Table(corner: t.corner[lang], columns: t.columns.rawValue, headers: headers, headerNames: headerNames,
                         headerLabels: headerLabels, rows: rows, maximum: maximum)
        }
        columns = layout.columns.map { column in
            column.sections.map { s in
                Section(number: s.number, title: s.title[lang], items: s.items.map { item in
                    switch item {
                    case .box(let b): return Item(box: box(b))
                    case .row(let boxes, _): return Item(row: boxes.map(box))
                    case .table(let t): return Item(table: table(t))
                    }
                })
            }
        }
        footnote = chatham
            ? (lang == .nl ? "Verslaglegging volgens de Chatham House Rule: inzichten delen mag, herleiden tot personen niet"
                           : "Recorded under the Chatham House Rule: insights may be shared, not traced to persons")
            : (lang == .nl ? "Verslaglegging met namen" : "Recorded with names")
        var labels: [String: String] = [:]
        for key in ["cg-title", "cg-subtitle", "cg-value-a", "cg-value-b", "cg-overlap", "cg-scale", "cg-strengthen", "cg-common",
                    "bb-title", "bb-subtitle", "bb-small", "bb-large", "bb-bar", "bb-too-far", "bb-instruction", "bb-question"] {
            labels[key] = diagrams.label(key, lang)
        }
        for (key, nl, en) in Self.pageWords { labels[key] = lang == .nl ? nl : en }
        self.labels = labels
        var colors: [String: String] = [:]
        for key in ["accent", "text", "muted", "rule", "tint", "value-a", "value-a-tint", "value-b", "value-b-tint", "common-ground",
                    "post-it", "post-it-edge", "bar", "too-far"] {
            colors[key] = diagrams.color(key).hex
        }
        self.colors = colors
    }

    /// Words of the page itself (buttons, status), in both languages.
    static let pageWords: [(String, String, String)] = [
        ("tab-werkblad", "Werkblad", "Worksheet"),
        ("tab-cg", "3a Common ground", "3a Common ground"),
        ("tab-bb", "3b Handelingsbandbreedte", "3b Range of action"),
        ("tab-preview", "Voorbeeld en downloads", "Preview and downloads"),
        ("add-player", "Speler toevoegen", "Add player"),
        ("add-option", "Optie toevoegen", "Add option"),
        ("remove-column", "Kolom verwijderen", "Remove column"),
        ("my-tension", "Mijn spanning", "My tension"),
        ("value-1", "Waarde 1", "Value 1"),
        ("value-2", "Waarde 2", "Value 2"),
        ("new-postit", "Nieuwe post-it", "New post-it"),
        ("add-postit", "Post-it plakken", "Stick post-it"),
        ("remove-postit", "Weghalen", "Remove"),
        ("bar-low", "Linker balk", "Left bar"),
        ("bar-high", "Rechter balk", "Right bar"),
        ("postit-position", "Plaats op de lijn", "Position on the line"),
        ("download-archive", "Archief-PDF (PDF/A)", "Archive PDF (PDF/A)"),
        ("download-diagrams", "Diagrammen (PDF)", "Diagrams (PDF)"),
        ("download-form", "Invulbare PDF", "Fillable PDF"),
        ("download-session", "Sessiebestand (YAML)", "Session file (YAML)"),
        ("close-session", "Sessie sluiten", "Close session"),
        ("invite", "Link voor deelnemers", "Link for participants"),
        ("typing", "typt hier", "is typing here"),
        ("connected", "verbonden", "connected"),
        ("reconnecting", "verbinding verbroken; opnieuw verbinden…", "connection lost; reconnecting…"),
        ("saved", "opgeslagen", "saved"),
        ("closed", "De sessie is gesloten; de tekst is bewaard.", "The session is closed; the text has been kept."),
        ("overwritten", "Je tekst in dit vak is overschreven door {by}. Je tekst was:", "Your text in this box was overwritten by {by}. Your text was:"),
        ("tension-of", "spanning {n} van 10", "tension {n} out of 10"),
        ("no-tensions", "Nog niemand heeft een spanning gegeven.", "Nobody has given a tension yet."),
        ("range", "spreiding {a} tot {b}", "range {a} to {b}"),
    ]
}
