import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// The diagrams the tool draws.
public enum DiagramKind: String, Sendable, CaseIterable {
    case commonGround = "common-ground", bandbreedte, waardenkaart

    /// The method's order: the values of step 2, then the exercises 3a and 3b.
    public static let methodOrder: [DiagramKind] = [.waardenkaart, .commonGround, .bandbreedte]
}

/// The size a poster is printed at over A4 sheets (`--a4`): A3 over two sheets, A2 over four, A1 over eight.
public enum PosterSize: String, Sendable, CaseIterable {
    case a3, a2, a1

    public var sheets: Int {
        switch self {
        case .a3: return 2
        case .a2: return 4
        case .a1: return 8
        }
    }
}

/// A part of the documents of a session, for `render --alleen`.
public enum DocumentPart: String, Sendable, CaseIterable {
    case werkblad, commonGround = "common-ground", bandbreedte, waardenkaart

    var diagram: DiagramKind? { DiagramKind(rawValue: rawValue) }
}

extension Session {
    /// How a participant is named in documents for the archive: the name, or "Deelnemer N" under the Chatham House Rule.
    func participantLabel(_ name: String, layout: DiagramLayout) -> String {
        guard !namesAllowed else { return name }
        let index = (sessie.deelnemers.firstIndex { $0.value == name } ?? 0) + 1
        return layout.label("participant", taal, ["n": String(index)])
    }

    var diagramHeading: DiagramHeading {
        var facts: [String] = []
        if let d = sessie.datum { facts.append(Self.longDate(d, taal)) }
        if let t = sessie.tijd { facts.append(sessie.duur.map { "\(t)–\(Self.add(minutes: $0, to: t))" } ?? t) }
        if let l = sessie.locatie { facts.append(l) } else if sessie.vorm == .online { facts.append("online") }
        return DiagramHeading(title: sessie.titel, facts: facts.isEmpty ? nil : facts.joined(separator: " · "), language: taal)
    }

    func commonGroundData(_ layout: DiagramLayout) -> CommonGroundData? {
        guard let cg = commonGround, !(cg.waarden.isEmpty && cg.spanning.isEmpty && cg.versterking == nil && cg.commonGround == nil) else { return nil }
        return CommonGroundData(values: cg.waarden.count == 2 ? (cg.waarden[0], cg.waarden[1]) : nil,
                                scores: cg.spanning.map { .init(label: participantLabel($0.deelnemer.value, layout: layout), tension: $0.waarde) },
                                strengthening: cg.versterking.flatMap { $0.isEmpty ? nil : $0.rendered },
                                commonGround: cg.commonGround.flatMap { $0.isEmpty ? nil : $0.rendered }, named: namesAllowed)
    }

    func actionRangeData(_ layout: DiagramLayout) -> ActionRangeData? {
        guard let range = handelingsperspectieven, !range.opties.isEmpty || range.grenzen != nil else { return nil }
        let ideas = range.opties.enumerated().map { i, o in
            ActionRangeData.Idea(number: i + 1, text: o.tekst, position: o.positie,
                                 author: namesAllowed ? o.door?.value : nil)
        }
        return ActionRangeData(limits: range.grenzen, ideas: ideas,
                               question: gedeeldeVraag.flatMap { $0.isEmpty ? nil : $0.parts.joined(separator: " ") })
    }

    func valueMapData() -> ValueMapData? {
        guard !waarden.isEmpty || !invalshoeken.isEmpty else { return nil }
        var tensions = waarden.spanningen.map { ValueMapData.Tension(first: $0.first, second: $0.second) }
        // The two values of the common-ground exercise are a tension too, when they are on the map.
        if let pair = commonGround?.waarden, pair.count == 2, pair.allSatisfy(waarden.all.contains),
           !tensions.contains(where: { Set([$0.first, $0.second]) == Set(pair) }) {
            tensions.append(.init(first: pair[0], second: pair[1]))
        }
        return ValueMapData(layers: waarden.layers, tensions: tensions, angles: invalshoeken)
    }

    /// Whether the file holds anything for `kind`.
    public func hasData(for kind: DiagramKind) -> Bool {
        switch kind {
        case .commonGround: return commonGround != nil
        case .bandbreedte: return handelingsperspectieven.map { !$0.opties.isEmpty || $0.grenzen != nil } ?? false
        case .waardenkaart: return valueMapData() != nil
        }
    }
}

extension Engine {
    /// The diagrams' layout from `Layouts/diagrammen.yaml`.
    public func diagramLayout() throws -> DiagramLayout {
        try cachedDiagramLayout((resources.layouts as NSString).appendingPathComponent("diagrammen.yaml"))
    }

    /// The pages of one diagram: filled from `session`, or blank without one.
    public func composeDiagram(_ kind: DiagramKind, session: Session?, language: Language = .nl) throws -> [Frame] {
        let layout = try diagramLayout()
        let heading = session?.diagramHeading ?? DiagramHeading(language: language)
        fitter.hyphenation = hyphenation[heading.language]
        switch kind {
        case .commonGround:
            return CommonGroundComposer(layout: layout, fitter: fitter, heading: heading).compose(session?.commonGroundData(layout))
        case .bandbreedte:
            return ActionRangeComposer(layout: layout, fitter: fitter, heading: heading).compose(session?.actionRangeData(layout))
        case .waardenkaart:
            return ValueMapComposer(layout: layout, fitter: fitter, heading: heading).compose(session?.valueMapData())
        }
    }

    static func titleKey(_ kind: DiagramKind) -> String {
        switch kind {
        case .commonGround: return "cg-title"
        case .bandbreedte: return "bb-title"
        case .waardenkaart: return "wk-title"
        }
    }

    /// How a poster is laid out over sheets of the layout's tile size (A4): which way up, how many
    /// rows and columns, and at what scale the page is printed.
    public struct Tiling: Sendable, Hashable {
        public var sheet: Size
        public var rows: Int
        public var columns: Int
        public var scale: Double
        /// The area the sheets print together (their printable areas less the glued overlaps).
        public var covered: Size
    }

    /// The grid of `size.sheets` sheets, upright or on their side, that prints `page` largest.
    public func tiling(_ page: Size, size: PosterSize) throws -> Tiling {
        let layout = try diagramLayout()
        let margin = layout.length("tile.margin"), overlap = layout.length("tile.overlap")
        let a = layout.tileSize
        var best: Tiling?
        for sheet in [a, Size(width: a.height, height: a.width)] {
            for rows in 1...size.sheets where size.sheets % rows == 0 {
                let columns = size.sheets / rows
                let covered = Size(width: (sheet.width - margin * 2) * Double(columns) - overlap * Double(columns - 1),
                                   height: (sheet.height - margin * 2) * Double(rows) - overlap * Double(rows - 1))
                // 2 mm kept free all round, so the trimming line is printed whole.
                let scale = min((covered.width - .mm(4)) / page.width, (covered.height - .mm(4)) / page.height)
                if scale > best?.scale ?? 0 { best = Tiling(sheet: sheet, rows: rows, columns: columns, scale: scale, covered: covered) }
            }
        }
        return best!
    }

    /// Each page printed as a poster of `size` over A4 sheets: scaled to the sheets' printable
    /// areas, the sheets overlapping by the glue margin, in reading order. A thin line marks the
    /// poster's edge, to trim the glued sheets along.
    public func tiled(_ frames: [Frame], size: PosterSize, language: Language) throws -> [Frame] {
        let layout = try diagramLayout()
        let margin = layout.length("tile.margin"), overlap = layout.length("tile.overlap")
        var result: [Frame] = []
        for frame in frames {
            let t = try tiling(frame.size, size: size)
            let printable = Size(width: t.sheet.width - margin * 2, height: t.sheet.height - margin * 2)
            let step = Size(width: printable.width - overlap, height: printable.height - overlap)
            let poster = Size(width: frame.size.width * t.scale, height: frame.size.height * t.scale)
            // The poster centred on the sheets' common area.
            let spare = Size(width: t.covered.width - poster.width, height: t.covered.height - poster.height)
            let edge = Rect(x: .zero, y: .zero, width: frame.size.width, height: frame.size.height)
            let trim = Item.polygon(edge.corners, fill: nil, stroke: layout.color("rule"), strokeWidth: .pt(0.5 / t.scale))
            for row in 0..<t.rows {
                for column in 0..<t.columns {
                    let clip = Rect(x: margin, y: margin, width: printable.width, height: printable.height)
                    let offset = Point(x: margin - step.width * Double(column) + spare.width / 2,
                                       y: margin - step.height * Double(row) + spare.height / 2)
                    var items: [Item] = [.clipped(clip, offset: offset, scale: t.scale, frame.items + [.artifact([trim])])]
                    // The glue lines run along the poster's part of the sheet only.
                    let x0 = max(clip.x, offset.x), y0 = max(clip.y, offset.y)
                    let onSheet = Rect(x: x0, y: y0, width: min(clip.maxX, offset.x + poster.width) - x0,
                                       height: min(clip.maxY, offset.y + poster.height) - y0)
                    items += glueMarks(clip: clip, poster: onSheet, overlap: overlap, right: column < t.columns - 1,
                                       bottom: row < t.rows - 1, layout: layout)
                    let n = row * t.columns + column + 1
                    let caption = layout.label("bb-tile", language, ["n": String(n), "m": String(t.rows * t.columns), "r": String(row + 1),
                                                                     "k": String(column + 1), "size": size.rawValue.uppercased()])
                    let style = TextStyle(font: FontSpec(family: layout.font, size: layout.length("type.minimum")), color: layout.color("muted"))
                    let measured = fitter.measure(caption, style: style, width: clip.width - .mm(10))
                    items.append(.artifact([.text(TextItem(text: caption, style: style,
                                                           box: Rect(x: margin + .mm(5), y: margin - measured.height - .mm(1), width: clip.width - .mm(10),
                                                                     height: measured.height),
                                                           measured: measured))]))
                    result.append(Frame(size: t.sheet, items: items, outlineTitle: row == 0 && column == 0 ? frame.outlineTitle : nil))
                }
            }
        }
        return result
    }

    /// Dotted lines where the next sheet is glued on, and corner marks at the printable area.
    private func glueMarks(clip: Rect, poster: Rect, overlap: Length, right: Bool, bottom: Bool, layout: DiagramLayout) -> [Item] {
        var items: [Item] = []
        let muted = layout.color("muted")
        if right {
            let x = clip.maxX - overlap
            items.append(.line(from: Point(x: x, y: poster.y), to: Point(x: x, y: poster.maxY), color: muted, width: .pt(0.6), dash: [.pt(2), .pt(2)]))
        }
        if bottom {
            let y = clip.maxY - overlap
            items.append(.line(from: Point(x: poster.x, y: y), to: Point(x: poster.maxX, y: y), color: muted, width: .pt(0.6), dash: [.pt(2), .pt(2)]))
        }
        let mark = Length.mm(4)
        for corner in [clip.origin, Point(x: clip.maxX, y: clip.y), Point(x: clip.x, y: clip.maxY), Point(x: clip.maxX, y: clip.maxY)] {
            let dx: Length = corner.x == clip.x ? -mark : mark, dy: Length = corner.y == clip.y ? -mark : mark
            items.append(.line(from: corner, to: Point(x: corner.x + dx, y: corner.y), color: muted, width: .pt(0.5)))
            items.append(.line(from: corner, to: Point(x: corner.x, y: corner.y + dy), color: muted, width: .pt(0.5)))
        }
        return items
    }
}
