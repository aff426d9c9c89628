import SessionModel
import Foundation
import Graphics
import Yams

/// The diagrams' layout, read from `Layouts/diagrammen.yaml`: every value is named by its
/// path (`common-ground.cell-width`) and required, so a layout cannot silently miss one.
public struct DiagramLayout: Sendable, Hashable {
    public enum Kind: Sendable { case length, integer, color, font, spacing, label }

    /// Allowed keys per section and what each holds; every one is required.
    public static let schema: [String: [String: Kind]] = [
        "page": ["width": .length, "height": .length, "margin": .length, "header": .length, "footer": .length,
                 "columns": .integer, "gutter": .length],
        "tile": ["width": .length, "height": .length, "margin": .length, "overlap": .length],
        "type": ["font": .font, "title": .length, "subtitle": .length, "heading": .length, "label": .length,
                 "text": .length, "minimum": .length, "small": .length, "line-spacing": .spacing],
        "colors": Dictionary(uniqueKeysWithValues: ["accent", "text", "muted", "rule", "tint", "value-a", "value-a-tint",
                                                    "value-b", "value-b-tint", "common-ground", "post-it", "post-it-edge",
                                                    "bar", "too-far"].map { ($0, Kind.color) }),
        "common-ground": ["cell-width": .length, "triangle-height": .length, "per-row": .integer, "panel-width": .length,
                          "hatch-spacing": .length],
        "bandbreedte": ["post-it-width": .length, "post-it-height": .length, "post-it-gap": .length, "bar-width": .length,
                        "axis-width": .length, "tick": .length, "poster-label": .length, "poster-scale": .length],
        "waardenkaart": ["side-width": .length, "chip-height": .length, "chip-gap": .length],
        "labels": Dictionary(uniqueKeysWithValues: requiredLabels.map { ($0, Kind.label) }),
    ]

    public static let requiredLabels = [
        "footer", "participant", "cg-title", "cg-subtitle", "cg-value-a", "cg-value-b", "cg-overlap", "cg-tension", "cg-scale",
        "cg-strengthen", "cg-common", "cg-spread", "cg-sheet", "cg-sheet-name", "cg-sheet-score", "cg-sheet-alt",
        "bb-title", "bb-subtitle", "bb-small", "bb-large", "bb-bar", "bb-too-far", "bb-by", "bb-question", "bb-instruction",
        "bb-tile", "bb-cut", "wk-title", "wk-subtitle", "wk-inhoud", "wk-inhoud-note", "wk-proces", "wk-proces-note", "wk-mens",
        "wk-mens-note", "wk-within", "wk-between", "wk-angles", "wk-relaties", "wk-rechten", "wk-financien", "wk-ethiek",
        "wk-asks", "wk-effect", "wk-tensions", "wk-none",
    ]

    /// The A4 documents (toelichting, hand-outs): page, type, colours and labels.
    public static let documentSchema: [String: [String: Kind]] = [
        "page": ["width": .length, "height": .length, "margin": .length, "header": .length, "footer": .length, "measure": .length],
        "type": ["font": .font, "title": .length, "subtitle": .length, "h1": .length, "h2": .length, "h3": .length,
                 "text": .length, "small": .length, "line-spacing": .spacing],
        "colors": Dictionary(uniqueKeysWithValues: ["accent", "text", "muted", "rule", "tint"].map { ($0, Kind.color) }),
        "labels": Dictionary(uniqueKeysWithValues: documentLabels.map { ($0, Kind.label) }),
    ]

    public static let documentLabels = [
        "page", "blank-page", "facts", "date", "time", "place", "leader", "owner", "participants", "form", "form-fysiek", "form-online", "players", "values",
        "shared-question", "dilemma", "plan-step", "plan-minutes", "plan-time", "plan-total", "step-time", "plan-assumed",
        "layer-inhoud", "layer-proces", "layer-mens", "spanning", "chatham", "names",
    ]

    /// The same layout with one length changed (`type.text`).
    public func with(_ key: String, _ value: Length) -> DiagramLayout {
        var copy = self
        copy.lengths[key] = value
        return copy
    }

    public var source: String
    var lengths: [String: Length] = [:]
    var integers: [String: Int] = [:]
    var colors: [String: Color] = [:]
    var labels: [String: LocalizedText] = [:]
    public var font = "Noto Sans"
    public var lineSpacing = 1.0

    // The file's keys are checked against the schema when it is read; a key the code asks for
    // that the schema lacks is a programming error, never a silent 0 or black.
    public func length(_ path: String) -> Length {
        guard let value = lengths[path] else { preconditionFailure("diagram layout has no length '\(path)'") }
        return value
    }

    public func integer(_ path: String) -> Int {
        guard let value = integers[path] else { preconditionFailure("diagram layout has no integer '\(path)'") }
        return value
    }

    public func color(_ name: String) -> Color {
        guard let value = colors[name] else { preconditionFailure("diagram layout has no colour '\(name)'") }
        return value
    }

    /// A label with `{n}`, `{m}`, ... filled in.
    public func label(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        guard var text = labels[key]?[language] else { preconditionFailure("layout has no label '\(key)'") }
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public var pageSize: Size { Size(width: length("page.width"), height: length("page.height")) }
    public var tileSize: Size { Size(width: length("tile.width"), height: length("tile.height")) }

    /// Reads the layout file at `path`, `data` its bytes, checked against `schema`; a missing,
    /// unknown or mistyped value is an error at its line.
    static func parse(path: String, data: Data, schema: [String: [String: Kind]]) throws -> DiagramLayout {
        let reader = YAMLReader(file: path)
        guard let root = try reader.load(data) else { throw reader.error(nil, "de layout is leeg") }
        var layout = DiagramLayout(source: path)
        var seen = Set<String>()
        for (section, _, node) in try reader.mapping(root, allowed: schema.keys.sorted(), what: "de layout", depth: 0) {
            seen.insert(section)
            let kinds = schema[section]!
            var present = Set<String>()
            for (key, _, value) in try reader.mapping(node, allowed: kinds.keys.sorted(), what: section, depth: 1) {
                present.insert(key)
                let path = "\(section).\(key)", what = path
                switch kinds[key]! {
                case .length: layout.lengths[path] = try reader.length(value, what: what)
                case .integer: layout.integers[path] = try reader.integer(value, what: what, range: 1...20)
                case .color: layout.colors[key] = try reader.color(value, what: what)
                case .label: layout.labels[key] = try reader.localized(value, what: what)
                case .font: layout.font = try reader.string(value, what: what)
                case .spacing:
                    layout.lineSpacing = try reader.number(value, what: what)
                    guard (0.8...3).contains(layout.lineSpacing) else { throw reader.error(value, "\(what) moet tussen 0.8 en 3 liggen") }
                }
            }
            if let missing = kinds.keys.sorted().first(where: { !present.contains($0) }) {
                throw reader.error(node, "\(section) mist '\(missing)'")
            }
        }
        if let missing = schema.keys.sorted().first(where: { !seen.contains($0) }) {
            throw reader.error(root, "de layout mist '\(missing)'")
        }
        if schema["type"]?["minimum"] != nil, layout.length("type.minimum") < .pt(7) {
            throw reader.error(root, "type.minimum moet minstens 7pt zijn, zodat tekst leesbaar blijft")
        }
        let page = layout.pageSize, margin = layout.length("page.margin")
        guard page.width - margin * 2 > .mm(100), page.height - margin * 2 - layout.length("page.header") > .mm(100) else {
            throw reader.error(root, "de pagina is te klein (minstens 100 × 100 mm binnen de marges)")
        }
        if schema["page"]?["columns"] != nil {
            // A vervolgpagina's columns: wide enough for words, high enough for a heading and three lines.
            let columns = layout.integer("page.columns"), gutter = layout.length("page.gutter")
            let width = (page.width - margin * 2 - gutter * Double(columns - 1)) / Double(columns)
            guard width >= .mm(40) else {
                throw reader.error(root, "page.columns en page.gutter laten kolommen van \(Int(width.millimetres.rounded())) mm over; "
                                   + "een kolom van een vervolgpagina moet minstens 40 mm breed zijn")
            }
            let height = page.height - margin * 2 - layout.length("page.header") - layout.length("page.footer")
            let lineBox = 1.4 * layout.lineSpacing
            guard layout.length("type.heading") * lineBox + .mm(2) + layout.length("type.text") * lineBox * 3 <= height else {
                throw reader.error(root, "type.heading en type.text zijn te groot voor de pagina: een vervolgpagina moet "
                                   + "een kop en drie regels tekst kunnen bevatten")
            }
        }
        return layout
    }
}
