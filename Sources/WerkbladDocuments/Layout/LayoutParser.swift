import Foundation
import Graphics
import SessionModel
import Yams

/// Reads a layout file into a `WerkbladLayout`; every mistake is an error at its line and column.
struct LayoutParser {
    static let requiredLabels = ["title", "subtitle", "footer", "date", "time", "place", "leader", "owner",
                                 "player", "option", "continuation", "continued", "continues", "continues-short", "sheet",
                                 "form-title", "form-date", "form-time", "form-player-name", "form-option-title"]

    private let reader: YAMLReader

    init(file: String) { reader = YAMLReader(file: file) }

    /// The file's bytes, already read (see `WerkbladLayout.load`).
    func parse(_ data: Data) throws -> WerkbladLayout {
        guard let root = try reader.load(data) else { throw reader.error(nil, "de layout is leeg") }
        var page: WerkbladLayout.PageSpec?, type: WerkbladLayout.TypeSpec?, colors: WerkbladLayout.Palette?
        var labels: [String: LocalizedText] = [:]
        var columnsNode: Node?, sectionsNode: Node?
        for (key, _, value) in try reader.mapping(root, allowed: ["page", "type", "colors", "labels", "columns", "sections"],
                                                 what: "de layout", depth: 0) {
            switch key {
            case "page": page = try parsePage(value)
            case "type": type = try parseType(value)
            case "colors": colors = try parseColors(value)
            case "labels":
                for (name, _, text) in try reader.mapping(value, allowed: Self.requiredLabels, what: "labels", depth: 1) {
                    labels[name] = try reader.localized(text, what: "labels.\(name)")
                }
            case "columns": columnsNode = value
            default: sectionsNode = value
            }
        }
        for (name, node) in [("page", page as Any?), ("type", type), ("colors", colors), ("columns", columnsNode),
                             ("sections", sectionsNode)] where node == nil {
            throw reader.error(root, "de layout mist '\(name)'")
        }
        if let missing = Self.requiredLabels.first(where: { labels[$0] == nil }) {
            throw reader.error(root, "de layout mist het label '\(missing)'")
        }
        let sections = try parseSections(sectionsNode!)
        let columns = try parseColumns(columnsNode!, sections: sections)
        let layout = WerkbladLayout(name: (reader.file as NSString).lastPathComponent, source: reader.file, page: page!, type: type!,
                                    colors: colors!, labels: labels, columns: columns)
        try checkGeometry(layout, root: root)
        return layout
    }

    // MARK: Parts

    private func parsePage(_ node: Node) throws -> WerkbladLayout.PageSpec {
        let keys = ["width", "height", "margin", "gutter", "gap", "header", "footer"]
        var v: [String: Length] = [:]
        for (key, _, value) in try reader.mapping(node, allowed: keys, what: "page", depth: 1) {
            v[key] = try reader.length(value, what: "page.\(key)")
        }
        try require(keys, in: v, node: node, section: "page")
        return .init(size: Size(width: v["width"]!, height: v["height"]!), margin: v["margin"]!, gutter: v["gutter"]!,
                     gap: v["gap"]!, header: v["header"]!, footer: v["footer"]!)
    }

    private func parseType(_ node: Node) throws -> WerkbladLayout.TypeSpec {
        let lengths = ["title", "subtitle", "heading", "label", "text", "minimum", "small", "padding", "guide-spacing",
                       "table-row-header", "table-column-header"]
        var v: [String: Length] = [:]
        var font: String?, spacing: Double?
        for (key, _, value) in try reader.mapping(node, allowed: lengths + ["font", "line-spacing", "table-min-column"],
                                                  what: "type", depth: 1) {
            switch key {
            case "font": font = try reader.string(value, what: "type.font")
            case "line-spacing":
                spacing = try reader.number(value, what: "type.line-spacing")
                guard (0.8...3).contains(spacing!) else { throw reader.error(value, "type.line-spacing moet tussen 0.8 en 3 liggen") }
            default: v[key] = try reader.length(value, what: "type.\(key)")
            }
        }
        try require(lengths, in: v, node: node, section: "type")
        guard let font else { throw reader.error(node, "type mist 'font'") }
        if v["minimum"]! < .pt(8) {
            throw reader.error(node, "type.minimum moet minstens 8pt zijn, zodat tekst leesbaar blijft")
        }
        return .init(font: font, title: v["title"]!, subtitle: v["subtitle"]!, heading: v["heading"]!, label: v["label"]!,
                     text: v["text"]!, minimum: v["minimum"]!, small: v["small"]!, lineSpacing: spacing ?? 1.25,
                     padding: v["padding"]!, guideSpacing: v["guide-spacing"]!, tableRowHeader: v["table-row-header"]!,
                     tableColumnHeader: v["table-column-header"]!,
                     // Narrower than this, a table is set in blocks (see WerkbladComposer.table).
                     tableMinColumn: max(v["table-min-column"] ?? .mm(25), .mm(10)))
    }

    private func parseColors(_ node: Node) throws -> WerkbladLayout.Palette {
        let keys = ["accent", "text", "muted", "rule", "tint", "guide"]
        var v: [String: Color] = [:]
        for (key, _, value) in try reader.mapping(node, allowed: keys, what: "colors", depth: 1) {
            let text = try reader.string(value, what: "colors.\(key)")
            guard let color = Color(hex: text) else { throw reader.error(value, "colors.\(key) moet een kleur als #1a2b3c zijn") }
            v[key] = color
        }
        if let missing = keys.first(where: { v[$0] == nil }) { throw reader.error(node, "colors mist '\(missing)'") }
        return .init(accent: v["accent"]!, text: v["text"]!, muted: v["muted"]!, rule: v["rule"]!, tint: v["tint"]!,
                     guide: v["guide"]!)
    }

    private func parseSections(_ node: Node) throws -> [String: (WerkbladLayout.SectionSpec, Node)] {
        var result: [String: (WerkbladLayout.SectionSpec, Node)] = [:]
        guard case let .mapping(mapping) = node else { throw reader.error(node, "sections moet per id een sectie geven") }
        for (keyNode, value) in mapping {
            let id = try reader.string(keyNode, what: "sectie-id")
            var number: Int?, title: LocalizedText?, height = 1.0, items: [WerkbladLayout.ItemSpec] = []
            for (key, _, v) in try reader.mapping(value, allowed: ["number", "title", "height", "items"],
                                                 what: "sectie '\(id)'", depth: 2) {
                switch key {
                case "number": number = try reader.integer(v, what: "number", range: 0...99)
                case "title": title = try reader.localized(v, what: "title")
                case "height": height = try weight(v)
                default: items = try reader.sequence(v, what: "items", depth: 3).map { try parseItem($0) }
                }
            }
            guard let number, let title else { throw reader.error(value, "sectie '\(id)' mist 'number' of 'title'") }
            result[id] = (.init(id: id, number: number, title: title, height: height, items: items), keyNode)
        }
        return result
    }

    private func parseItem(_ node: Node) throws -> WerkbladLayout.ItemSpec {
        guard case let .mapping(mapping) = node else { throw reader.error(node, "een item is een box, row of table") }
        if mapping["row"] != nil {
            var boxes: [WerkbladLayout.BoxSpec] = [], height = 1.0
            for (key, _, v) in try reader.mapping(node, allowed: ["row", "height"], what: "row", depth: 4) {
                if key == "height" { height = try weight(v) } else {
                    boxes = try reader.sequence(v, what: "row", depth: 5).map { try parseBox($0) }
                }
            }
            return .row(boxes, height: height)
        }
        if mapping["table"] != nil { return .table(try parseTable(node)) }
        return .box(try parseBox(node))
    }

    private func parseBox(_ node: Node) throws -> WerkbladLayout.BoxSpec {
        var id: String?, label: LocalizedText?, height = 1.0, width = 1.0, fields: [String] = []
        for (key, _, v) in try reader.mapping(node, allowed: ["box", "label", "height", "width", "fields"], what: "box", depth: 6) {
            switch key {
            case "box": id = try reader.string(v, what: "box")
            case "label": label = try reader.localized(v, what: "label")
            case "height": height = try weight(v)
            case "width": width = try weight(v)
            default: fields = try reader.sequence(v, what: "fields", depth: 7).map { try boxField($0) }
            }
        }
        guard let id, let label else { throw reader.error(node, "een box heeft 'box' (id) en 'label' nodig") }
        return .init(id: id, label: label, height: height, fields: fields, width: width)
    }

    private func parseTable(_ node: Node) throws -> WerkbladLayout.TableSpec {
        var id: String?, corner: LocalizedText?, columns: WerkbladLayout.TableColumns?, height = 1.0
        var rows: [WerkbladLayout.TableSpec.Row] = []
        var fieldNodes: [Node] = []
        for (key, _, v) in try reader.mapping(node, allowed: ["table", "corner", "columns", "height", "rows"],
                                             what: "table", depth: 4) {
            switch key {
            case "table": id = try reader.string(v, what: "table")
            case "corner": corner = try reader.localized(v, what: "corner")
            case "height": height = try weight(v)
            case "columns":
                let text = try reader.string(v, what: "columns")
                guard let c = WerkbladLayout.TableColumns(rawValue: text) else {
                    throw reader.error(v, "columns moet 'spelers' of 'opties' zijn, niet '\(text)'")
                }
                columns = c
            default:
                for rowNode in try reader.sequence(v, what: "rows", depth: 5) {
                    var label: LocalizedText?, field: String?
                    for (k, _, rv) in try reader.mapping(rowNode, allowed: ["label", "field"], what: "rij", depth: 6) {
                        if k == "label" { label = try reader.localized(rv, what: "label") } else {
                            field = try reader.string(rv, what: "field"); fieldNodes.append(rv)
                        }
                    }
                    guard let label, let field else { throw reader.error(rowNode, "een rij heeft 'label' en 'field' nodig") }
                    rows.append(.init(label: label, field: field))
                }
            }
        }
        guard let id, let corner, let columns, !rows.isEmpty else {
            throw reader.error(node, "een tabel heeft 'table', 'corner', 'columns' en 'rows' nodig")
        }
        // A row's field is a text field of each player (columns: spelers) or option (columns: opties).
        let list = columns == .spelers ? "verkennen.spelers[]" : "afwegen.opties[]"
        let candidates = FieldRegistry.all.filter { $0.parent == list && $0.kind == .text }
        for (row, fieldNode) in zip(rows, fieldNodes) where !candidates.contains(where: { $0.key == row.field }) {
            let hint = SessionModel.suggestion(for: row.field, among: candidates.map(\.key)).map { "; bedoelt u '\($0)'?" }
                ?? "; kies uit \(candidates.map(\.key).joined(separator: ", "))"
            throw reader.error(fieldNode, "onbekend veld '\(row.field)' voor een tabel met kolommen '\(columns.rawValue)'\(hint)")
        }
        return .init(id: id, corner: corner, columns: columns, height: height, rows: rows)
    }

    private func parseColumns(_ node: Node, sections: [String: (WerkbladLayout.SectionSpec, Node)]) throws -> [WerkbladLayout.ColumnSpec] {
        var used = Set<String>()
        let columns = try reader.sequence(node, what: "columns", depth: 1).map { columnNode -> WerkbladLayout.ColumnSpec in
            var base = 1.0, perPlayer = 0.0, perOption = 0.0, ids: [WerkbladLayout.SectionSpec] = []
            for (key, _, v) in try reader.mapping(columnNode, allowed: ["width", "sections"], what: "kolom", depth: 2) {
                if key == "width" {
                    for (k, _, w) in try reader.mapping(v, allowed: ["base", "per-player", "per-option"], what: "width", depth: 3) {
                        let value = try reader.number(w, what: k)
                        guard value >= 0 else { throw reader.error(w, "\(k) mag niet negatief zijn") }
                        switch k {
                        case "base": base = value
                        case "per-player": perPlayer = value
                        default: perOption = value
                        }
                    }
                } else {
                    for idNode in try reader.sequence(v, what: "sections", depth: 3) {
                        let id = try reader.string(idNode, what: "sectie")
                        guard let section = sections[id] else {
                            var message = "onbekende sectie '\(id)'"
                            if let near = suggestion(for: id, among: Array(sections.keys)) { message += "; bedoelt u '\(near)'?" }
                            throw reader.error(idNode, message)
                        }
                        guard used.insert(id).inserted else { throw reader.error(idNode, "sectie '\(id)' staat twee keer in columns") }
                        ids.append(section.0)
                    }
                }
            }
            return .init(base: base, perPlayer: perPlayer, perOption: perOption, sections: ids)
        }
        if let unused = sections.first(where: { !used.contains($0.key) }) {
            throw reader.error(unused.value.1, "sectie '\(unused.key)' staat in geen enkele kolom")
        }
        return columns
    }

    /// Rejects a page whose margins, header and footer leave no room, so no box can end up off the page.
    private func checkGeometry(_ layout: WerkbladLayout, root: Node) throws {
        let p = layout.page
        let inner = Size(width: p.size.width - p.margin * 2, height: p.size.height - p.margin * 2 - p.header - p.footer)
        let gutters = p.gutter * Double(max(0, layout.columns.count - 1))
        guard p.size.width > .zero, p.size.height > .zero, inner.height > .mm(40), inner.width - gutters > .mm(40) else {
            throw reader.error(root, "de pagina laat geen ruimte voor de vakken: marges, kop en voet zijn groter dan de pagina")
        }
    }

    /// A box's field: a text field of the session format (`kennismaken.dilemma`), checked against the registry.
    private func boxField(_ node: Node) throws -> String {
        let path = try reader.string(node, what: "veld")
        guard let field = FieldRegistry.field(path), case .session = field.access else {
            let candidates = FieldRegistry.all.filter { if case .session = $0.access { return true } else { return false } }
            let hint = FieldRegistry.suggestion(for: path, among: candidates).map { "; bedoelt u '\($0)'?" } ?? ""
            throw reader.error(node, "onbekend veld '\(path)': geen tekstveld van het sessiebestand\(hint)")
        }
        return path
    }

    // MARK: Values

    private func weight(_ node: Node) throws -> Double {
        let value = try reader.number(node, what: "height")
        guard value > 0, value <= 100 else { throw reader.error(node, "height is een relatief gewicht groter dan 0") }
        return value
    }

    private func require(_ keys: [String], in values: [String: Length], node: Node, section: String) throws {
        if let missing = keys.first(where: { values[$0] == nil }) {
            throw reader.error(node, "\(section) mist '\(missing)'")
        }
    }
}
