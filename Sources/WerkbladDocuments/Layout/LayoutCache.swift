import Foundation
import Graphics
import SessionModel

/// A werkblad layout kept in the cache folder once it has been read: the YAML parse and its checks
/// cost a cold render about 9 million instructions (Yams's first use most of it), reading the
/// entry back a small fraction of that. The entry's key covers the layout file's bytes and this
/// program's build (see `CacheEntry`), so an edited layout or a new werkblad reads the YAML again;
/// errors in a layout are therefore always reported, as only a layout that parsed is stored.
extension WerkbladLayout {
    /// Raised whenever the encoding below changes.
    static let cacheFormat: UInt32 = 1

    /// Reads the layout file at `path`, through the cache in `cacheDirectory` when there is one.
    public static func load(path: String, cacheDirectory: String? = nil) throws -> WerkbladLayout {
        let data = try InputFile.read(path, limit: InputLimits().maxBytes)
        let name = (path as NSString).lastPathComponent
        // Keyed on the bytes, not the path: the value depends on nothing else (name and source are set here).
        let entry = data.withUnsafeBytes {
            CacheEntry(directory: cacheDirectory, prefix: "layout-\((name as NSString).deletingPathExtension)", source: $0, format: cacheFormat)
        }
        return try CacheEntry.value(in: entry, decode: { try WerkbladLayout(from: &$0, name: name, source: path) },
                                    encode: { $0.encode(to: &$1) }, derive: { try LayoutParser(file: path).parse(data) })
    }

    /// Every value but `name` and `source` (those come from the path the layout is read from).
    func encode(to w: inout BinaryWriter) {
        w.put(page.size.width); w.put(page.size.height)
        for l in [page.margin, page.gutter, page.gap, page.header, page.footer] { w.put(l) }
        w.put(type.font)
        for l in [type.title, type.subtitle, type.heading, type.label, type.text, type.minimum, type.small] { w.put(l) }
        w.put(type.lineSpacing)
        for l in [type.padding, type.guideSpacing, type.tableRowHeader, type.tableColumnHeader, type.tableMinColumn] { w.put(l) }
        for c in [colors.accent, colors.text, colors.muted, colors.rule, colors.tint, colors.guide] { w.put(c) }
        w.put(labels.count)
        for key in labels.keys.sorted() { w.put(key); w.put(labels[key]!) }
        w.put(columns.count)
        for column in columns {
            w.put(column.base); w.put(column.perPlayer); w.put(column.perOption)
            w.put(column.sections.count)
            for section in column.sections {
                w.put(section.id); w.put(section.number); w.put(section.title); w.put(section.height)
                w.put(section.items.count)
                for item in section.items {
                    switch item {
                    case .box(let box):
                        w.put(0); w.put(box)
                    case .row(let boxes, let height):
                        w.put(1); w.put(height); w.put(boxes.count)
                        for box in boxes { w.put(box) }
                    case .table(let table):
                        w.put(2); w.put(table.id); w.put(table.corner); w.put(table.columns == .spelers); w.put(table.height)
                        w.put(table.rows.count)
                        for row in table.rows { w.put(row.label); w.put(row.field) }
                    }
                }
            }
        }
    }

    /// What `encode` wrote; throws at the first value that is missing or out of range.
    init(from r: inout BinaryReader, name: String, source: String) throws {
        let page = PageSpec(size: Size(width: try r.length(), height: try r.length()), margin: try r.length(),
                            gutter: try r.length(), gap: try r.length(), header: try r.length(), footer: try r.length())
        let type = TypeSpec(font: try r.need(r.string()), title: try r.length(), subtitle: try r.length(), heading: try r.length(),
                            label: try r.length(), text: try r.length(), minimum: try r.length(), small: try r.length(),
                            lineSpacing: try r.need(r.double()), padding: try r.length(), guideSpacing: try r.length(),
                            tableRowHeader: try r.length(), tableColumnHeader: try r.length(), tableMinColumn: try r.length())
        let colors = Palette(accent: try r.color(), text: try r.color(), muted: try r.color(), rule: try r.color(),
                             tint: try r.color(), guide: try r.color())
        var labels: [String: LocalizedText] = [:]
        for _ in 0..<(try r.need(r.count())) { labels[try r.need(r.string())] = try r.localized() }
        var columns: [ColumnSpec] = []
        for _ in 0..<(try r.need(r.count())) {
            let base = try r.need(r.double()), perPlayer = try r.need(r.double()), perOption = try r.need(r.double())
            var sections: [SectionSpec] = []
            for _ in 0..<(try r.need(r.count())) {
                let id = try r.need(r.string()), number = try r.need(r.int()), title = try r.localized(), height = try r.need(r.double())
                var items: [ItemSpec] = []
                for _ in 0..<(try r.need(r.count())) {
                    switch try r.need(r.int()) {
                    case 0: items.append(.box(try r.box()))
                    case 1:
                        let height = try r.need(r.double())
                        var boxes: [BoxSpec] = []
                        for _ in 0..<(try r.need(r.count())) { boxes.append(try r.box()) }
                        items.append(.row(boxes, height: height))
                    case 2:
                        let id = try r.need(r.string()), corner = try r.localized()
                        let columns: TableColumns = try r.need(r.bool()) ? .spelers : .opties
                        let height = try r.need(r.double())
                        var rows: [TableSpec.Row] = []
                        for _ in 0..<(try r.need(r.count())) { rows.append(.init(label: try r.localized(), field: try r.need(r.string()))) }
                        items.append(.table(.init(id: id, corner: corner, columns: columns, height: height, rows: rows)))
                    default: throw BinaryReader.Damaged()
                    }
                }
                sections.append(.init(id: id, number: number, title: title, height: height, items: items))
            }
            columns.append(.init(base: base, perPlayer: perPlayer, perOption: perOption, sections: sections))
        }
        self.init(name: name, source: source, page: page, type: type, colors: colors, labels: labels, columns: columns)
    }
}

// Shared with the diagram layout's entry (DiagramLayoutCache.swift).
extension BinaryWriter {
    mutating func put(_ l: Length) { put(l.points) }
    mutating func put(_ c: Color) { put(c.red); put(c.green); put(c.blue); put(c.alpha) }
    mutating func put(_ t: LocalizedText) { put(t.nl); put(t.en) }
    mutating func put(_ b: WerkbladLayout.BoxSpec) {
        put(b.id); put(b.label); put(b.height); put(b.width)
        put(b.fields.count)
        for f in b.fields { put(f) }
    }
}

extension BinaryReader {
    struct Damaged: Error {}

    func need<T>(_ value: T?) throws -> T {
        guard let value else { throw Damaged() }
        return value
    }

    mutating func length() throws -> Length { .pt(try need(double())) }
    mutating func color() throws -> Color {
        Color(red: try need(double()), green: try need(double()), blue: try need(double()), alpha: try need(double()))
    }
    mutating func localized() throws -> LocalizedText { LocalizedText(nl: try need(string()), en: try need(string())) }
    mutating func box() throws -> WerkbladLayout.BoxSpec {
        let id = try need(string()), label = try localized(), height = try need(double()), width = try need(double())
        var fields: [String] = []
        for _ in 0..<(try need(count())) { fields.append(try need(string())) }
        return .init(id: id, label: label, height: height, fields: fields, width: width)
    }
}
