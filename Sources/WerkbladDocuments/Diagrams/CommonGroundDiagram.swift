import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// Stap 3a: per participant two triangles, one per value, slid into each other by the felt tension.
public struct CommonGroundData: Sendable, Hashable {
    public struct Score: Sendable, Hashable {
        /// "Deelnemer 1" under the Chatham House Rule, else the name.
        public var label: String
        /// 0 = fully overlapping, 10 = far apart.
        public var tension: Double
    }

    public var values: (a: String, b: String)?
    public var scores: [Score]
    public var strengthening: String?
    public var commonGround: String?
    /// Whether the labels are names (then the spread's numbers are put before them).
    public var named = false

    public static func == (l: Self, r: Self) -> Bool {
        l.values?.a == r.values?.a && l.values?.b == r.values?.b && l.scores == r.scores
            && l.strengthening == r.strengthening && l.commonGround == r.commonGround && l.named == r.named
    }
    public func hash(into h: inout Hasher) { h.combine(values?.a); h.combine(values?.b); h.combine(scores) }
}

final class CommonGroundComposer: DiagramComposer {
    /// The two triangles of one pair at `tension`, side by side in `cell` (their common box centred).
    func triangles(tension: Double, in cell: Rect) -> (a: [Point], b: [Point]) {
        let w = cell.width / 2, h = cell.height
        let d = w * (min(10, max(0, tension)) / 10)
        let x0 = cell.x + (cell.width - w - d) / 2
        let top = cell.y, bottom = cell.y + h, mid = cell.y + h / 2
        let a = [Point(x: x0, y: top), Point(x: x0 + w, y: mid), Point(x: x0, y: bottom)]
        let b = [Point(x: x0 + d + w, y: top), Point(x: x0 + d + w, y: bottom), Point(x: x0 + d, y: mid)]
        return (a, b)
    }

    /// Triangle A solid in its colour, B hatched with a dashed edge, the overlap in the common-ground colour.
    func pair(tension: Double, in cell: Rect, letters: Bool = true) -> [Item] {
        let (a, b) = triangles(tension: tension, in: cell)
        var items: [Item] = [.polygon(a, fill: color("value-a-tint"), stroke: nil)]
        for (p, q) in Polygons.hatch(b, spacing: layout.length("common-ground.hatch-spacing"), angle: 45) {
            items.append(.line(from: p, to: q, color: color("value-b"), width: .pt(0.8)))
        }
        let overlap = Polygons.intersection(a, b)
        if !overlap.isEmpty {
            var green = color("common-ground"); green.alpha = 0.45
            items.append(.polygon(overlap, fill: green, stroke: color("common-ground"), strokeWidth: .pt(2)))
        }
        items.append(.polygon(a, fill: nil, stroke: color("value-a"), strokeWidth: .pt(2)))
        items.append(.polygon(b, fill: nil, stroke: color("value-b"), strokeWidth: .pt(2), dash: [.pt(5), .pt(2.5)]))
        if letters {
            let letterStyle = style(size("heading"), bold: true, color: color("accent"))
            let bounds = Polygons.bounds(a + b)
            let dy = cell.height / 2 - .mm(3.2)
            items.append(.text(text("A", letterStyle, at: Point(x: bounds.x + .mm(1.2), y: cell.y + dy), width: .mm(6))))
            items.append(.text(text("B", letterStyle.with(alignment: .right),
                                    at: Point(x: bounds.maxX - .mm(7.2), y: cell.y + dy), width: .mm(6))))
        }
        return items
    }

    func compose(_ data: CommonGroundData?) -> [Frame] {
        let panelWidth = layout.length("common-ground.panel-width")
        let gap = .mm(10) as Length
        let area = content
        let grid = Rect(x: area.x, y: area.y, width: area.width - panelWidth - gap, height: area.height)
        let panel = Rect(x: grid.maxX + gap, y: area.y, width: panelWidth, height: area.height)
        var body: [Item] = []
        let legendBottom: Length
        (body, legendBottom) = legend(data?.values, in: grid)
        let below = Rect(x: grid.x, y: legendBottom + .mm(6), width: grid.width, height: grid.maxY - legendBottom - .mm(6))
        if let data, !data.scores.isEmpty {
            let (strip, stripBottom) = spread(data.scores, in: below)
            let cells = Rect(x: below.x, y: stripBottom + .mm(8), width: below.width, height: below.maxY - stripBottom - .mm(8))
            body.append(.figure(alt: altText(data), strip + pairs(data.scores, in: cells, numbered: data.named)))
        } else {
            body += scoreSheet(in: below, values: data?.values)
        }
        body += sidePanel(data, in: panel)
        let title = label("cg-title")
        return [page(title: title, subtitle: label("cg-subtitle"), body: body)] + continuationPages(title: title)
    }

    /// The two values with their sample triangles, and what the overlap means; returns its bottom.
    private func legend(_ values: (a: String, b: String)?, in area: Rect) -> ([Item], Length) {
        var items: [Item] = []
        let sample = Size(width: .mm(16), height: .mm(11))
        let columnWidth = (area.width - .mm(8)) / 3
        var bottom = area.y
        let entries: [(String, String?)] = [("cg-value-a", values?.a), ("cg-value-b", values?.b), ("cg-overlap", nil)]
        for (i, (key, value)) in entries.enumerated() {
            let x = area.x + (columnWidth + .mm(4)) * Double(i)
            let icon = Rect(x: x, y: area.y, width: sample.width, height: sample.height)
            let (a, b) = triangles(tension: 10, in: Rect(x: icon.x, y: icon.y, width: icon.width * 2, height: icon.height))
            switch i {
            case 0: items += [.polygon(a, fill: color("value-a-tint"), stroke: color("value-a"), strokeWidth: .pt(2))]
            case 1:
                let shifted = b.map { Point(x: $0.x - sample.width, y: $0.y) }
                items += Polygons.hatch(shifted, spacing: layout.length("common-ground.hatch-spacing"), angle: 45)
                    .map { .line(from: $0.0, to: $0.1, color: color("value-b"), width: .pt(0.8)) }
                items.append(.polygon(shifted, fill: nil, stroke: color("value-b"), strokeWidth: .pt(2), dash: [.pt(5), .pt(2.5)]))
            default: items += pair(tension: 5, in: Rect(x: icon.x - .mm(2), y: icon.y, width: sample.width + .mm(4), height: icon.height),
                                   letters: false)
            }
            let textX = x + sample.width + .mm(3), width = columnWidth - sample.width - .mm(3)
            let head = text(label(key), style(size("small"), color: color("muted")), at: Point(x: textX, y: area.y - .mm(1)), width: width)
            items.append(.tagged(.paragraph, [.text(head)]))
            if i < 2 {
                if let value {
                    let item = text(value, style(size("heading"), bold: true), at: Point(x: textX, y: head.box.maxY), width: width)
                    items.append(.tagged(.paragraph, [.text(item)]))
                    bottom = max(bottom, item.box.maxY)
                } else {
                    let y = head.box.maxY + .mm(7)
                    items.append(.line(from: Point(x: textX, y: y), to: Point(x: textX + width, y: y), color: color("rule"), width: .pt(0.6)))
                    bottom = max(bottom, y)
                }
            }
            bottom = max(bottom, icon.maxY, head.box.maxY)
        }
        let scale = text(label("cg-scale"), style(size("small"), italic: true, color: color("muted")),
                         at: Point(x: area.x, y: bottom + .mm(2)), width: area.width)
        items.append(.tagged(.paragraph, [.text(scale)]))
        return (items, scale.box.maxY)
    }

    /// How far apart the participants felt the values: a line from 0 to 10 with each participant's
    /// number at their score and a band over the range. The method seeks no consensus, so the
    /// spread is shown, not an average. Returns the items and the strip's bottom.
    func spread(_ scores: [CommonGroundData.Score], in area: Rect) -> (items: [Item], bottom: Length) {
        var items: [Item] = []
        let tensions = scores.map { min(10, max(0, $0.tension)) }
        guard let low = tensions.min(), let high = tensions.max() else { return ([], area.y) }
        let head = text(label("cg-spread", ["low": number(low), "high": number(high)]),
                        style(size("label"), bold: true, color: color("accent")), at: area.origin, width: area.width)
        items.append(.tagged(.paragraph, [.text(head)]))
        let marker = Length.mm(6.5)
        let left = area.x + .mm(8), right = area.maxX - .mm(8)
        func x(_ t: Double) -> Length { left + (right - left) * (t / 10) }
        // Markers that share a score stack upwards; the line sits under the highest stack.
        var stacks: [Double: Int] = [:]
        var levels: [Int] = []
        for t in tensions { let level = stacks[t, default: 0]; levels.append(level); stacks[t] = level + 1 }
        let tallest = (stacks.values.max() ?? 1)
        let axisY = head.box.maxY + .mm(3) + marker * Double(tallest) + .mm(2)
        var band = color("common-ground"); band.alpha = 0.25
        items.append(.rect(Rect(x: x(low) - .mm(1.5), y: axisY - .mm(2), width: x(high) - x(low) + .mm(3), height: .mm(4)),
                           fill: band, stroke: nil, radius: .mm(2)))
        items.append(.line(from: Point(x: left, y: axisY), to: Point(x: right, y: axisY), color: color("rule"), width: .pt(1)))
        let digits = style(size("small"), color: color("muted"), align: .center)
        for n in 0...10 {
            let tx = x(Double(n))
            items.append(.line(from: Point(x: tx, y: axisY - .mm(1.2)), to: Point(x: tx, y: axisY + .mm(1.2)), color: color("rule"), width: .pt(0.75)))
            items.append(.text(text(String(n), digits, at: Point(x: tx - .mm(4), y: axisY + .mm(1.6)), width: .mm(8))))
        }
        let numberStyle = style(size("small"), bold: true, color: .white, align: .center)
        for (i, t) in tensions.enumerated() {
            let c = Rect(x: x(t) - marker / 2 + .mm(0.4), y: axisY - .mm(1.5) - marker * Double(levels[i] + 1) + .mm(0.4),
                         width: marker - .mm(0.8), height: marker - .mm(0.8))
            items.append(.ellipse(c, fill: color("accent"), stroke: .white, strokeWidth: .pt(0.75)))
            let digit = text(String(i + 1), numberStyle, at: .zero, width: c.width)
            items.append(.text(TextItem(text: digit.text, style: digit.style,
                                        box: Rect(x: c.x, y: c.y + (c.height - digit.measured.height) / 2, width: c.width, height: digit.measured.height),
                                        measured: digit.measured)))
        }
        return (items, axisY + .mm(1.6) + size("small") * 1.4)
    }

    /// One cell per participant: the pair of triangles, the name and the tension in words. The
    /// cells are as large as the area allows, in as many rows as give the largest triangles.
    func pairs(_ scores: [CommonGroundData.Score], in area: Rect, numbered: Bool = false) -> [Item] {
        let perRow = layout.integer("common-ground.per-row")
        let labelHeight = Length.mm(13), gap = Length.mm(4), rowGap = Length.mm(8)
        // Cells no taller than about half the page, or a lone pair would look like a poster of itself.
        let largest = layout.length("common-ground.triangle-height") * 2.5
        var best = (rows: 1, columns: 1, cell: Length.zero, triangle: Length.zero)
        for rows in 1...max(1, min(scores.count, 4)) {
            let columns = (scores.count + rows - 1) / rows
            guard columns <= perRow else { continue }
            let cell = (area.width - gap * Double(columns - 1)) / Double(columns)
            let triangle = min(area.height / Double(rows) - labelHeight - rowGap, (cell - gap) * 0.8, largest)
            if triangle > best.triangle { best = (rows, columns, cell, triangle) }
        }
        let (rows, columns, cellWidth, triangleHeight) = best
        let rowHeight = triangleHeight + labelHeight + rowGap
        let pairWidth = min(cellWidth - gap, triangleHeight / 0.8)
        let top = area.y + (area.height - rowHeight * Double(rows) + rowGap) / 2
        var items: [Item] = []
        for (i, score) in scores.enumerated() {
            let row = i / columns, column = i % columns
            let inRow = min(columns, scores.count - row * columns)
            let rowWidth = cellWidth * Double(inRow) + gap * Double(inRow - 1)
            let x = area.x + (area.width - rowWidth) / 2 + (cellWidth + gap) * Double(column)
            let y = top + rowHeight * Double(row)
            items += pair(tension: score.tension, in: Rect(x: x + (cellWidth - pairWidth) / 2, y: y, width: pairWidth, height: triangleHeight))
            let caption = numbered ? "\(i + 1) · \(score.label)" : score.label
            let name = oneLine(caption, style(size("label"), bold: true, align: .center),
                               at: Point(x: x, y: y + triangleHeight + .mm(2.5)), width: cellWidth)
            let value = oneLine(label("cg-tension", ["n": number(score.tension)]), style(size("small"), color: color("muted"), align: .center),
                                at: Point(x: x, y: name.box.maxY), width: cellWidth)
            items += [.text(name), .text(value)]
        }
        return items
    }

    /// The blank version: a line per participant to circle the felt tension, 0 to 10.
    private func scoreSheet(in area: Rect, values: (a: String, b: String)?) -> [Item] {
        var items: [Item] = []
        let head = text(label("cg-sheet"), style(size("heading"), bold: true, color: color("accent")), at: area.origin, width: area.width)
        items.append(.tagged(.heading(2), [.text(head)]))
        let nameWidth = area.width * 0.34
        let rowsTop = head.box.maxY + .mm(3)
        let headerStyle = style(size("small"), color: color("muted"))
        items.append(.tagged(.paragraph, [.text(text(label("cg-sheet-name"), headerStyle, at: Point(x: area.x, y: rowsTop), width: nameWidth))]))
        items.append(.tagged(.paragraph, [.text(text(label("cg-sheet-score"), headerStyle, at: Point(x: area.x + nameWidth + .mm(4), y: rowsTop),
                                                     width: area.width - nameWidth - .mm(4)))]))
        let count = 12
        var rows: [Item] = []
        let rowHeight = min(Length.mm(13), (area.maxY - rowsTop - .mm(8)) / Double(count))
        let circle = min(rowHeight - .mm(3), .mm(9))
        let scaleX = area.x + nameWidth + .mm(4)
        let step = (area.maxX - scaleX - circle) / 10
        for r in 0..<count {
            let y = rowsTop + .mm(7) + rowHeight * Double(r)
            rows.append(.line(from: Point(x: area.x, y: y + rowHeight - .mm(1.5)), to: Point(x: area.x + nameWidth, y: y + rowHeight - .mm(1.5)),
                              color: color("rule"), width: .pt(0.6)))
            for n in 0...10 {
                let c = Rect(x: scaleX + step * Double(n), y: y + (rowHeight - circle) / 2, width: circle, height: circle)
                rows.append(.ellipse(c, fill: nil, stroke: color("rule"), strokeWidth: .pt(0.75)))
                let digit = text(String(n), style(size("small"), color: color("muted"), align: .center), at: .zero, width: circle)
                rows.append(.text(TextItem(text: digit.text, style: digit.style,
                                            box: Rect(x: c.x, y: c.y + (circle - digit.measured.height) / 2, width: circle, height: digit.measured.height),
                                           measured: digit.measured)))
            }
        }
        // Twelve rows of 0-10 are a paper form: one description says what a listener needs.
        items.append(.figure(alt: label("cg-sheet-alt", ["n": String(count)]), rows))
        return items
    }

    /// Versterking and common ground: the group's answers, or room to write them.
    private func sidePanel(_ data: CommonGroundData?, in panel: Rect) -> [Item] {
        var items: [Item] = [.rect(panel, fill: nil, stroke: color("rule"), strokeWidth: .pt(0.75), radius: .mm(2))]
        let top = panel.y + .mm(4)
        let inner = panel.inset(dx: .mm(5), dy: .zero)
        let blocks: [(String, String?)] = [("cg-strengthen", data?.strengthening), ("cg-common", data?.commonGround)]
        let blockHeight = (panel.maxY - top - .mm(4)) / 2
        for (i, (key, value)) in blocks.enumerated() {
            let y = top + blockHeight * Double(i)
            let head = text(label(key), style(size("label"), bold: true, color: color("accent")), at: Point(x: inner.x, y: y), width: inner.width)
            items.append(.tagged(.heading(2), [.text(head)]))
            let box = Rect(x: inner.x, y: head.box.maxY + .mm(2), width: inner.width, height: y + blockHeight - head.box.maxY - .mm(6))
            if let value {
                items += fitted(value, style(size("text")), in: box, source: label(key))
            } else {
                var lineY = box.y + .mm(9)
                while lineY <= box.maxY {
                    items.append(.line(from: Point(x: box.x, y: lineY), to: Point(x: box.maxX, y: lineY), color: color("rule"), width: .pt(0.5)))
                    lineY += .mm(9)
                }
            }
        }
        return items
    }

    /// The diagram in words, for readers who cannot see it.
    func altText(_ data: CommonGroundData) -> String {
        let a = data.values?.a ?? label("cg-value-a"), b = data.values?.b ?? label("cg-value-b")
        let parts = data.scores.enumerated().map { i, s in
            "\(data.named ? "\(i + 1) · " : "")\(s.label): \(label("cg-tension", ["n": number(s.tension)]))"
        }
        let tensions = data.scores.map(\.tension)
        let range = label("cg-spread", ["low": number(tensions.min() ?? 0), "high": number(tensions.max() ?? 0)])
        let intro = language == .nl
            ? "Twee driehoeken per deelnemer, A voor \(a) en B voor \(b), in elkaar geschoven naar de gevoelde spanning (0 = helemaal in elkaar, 10 = ver uit elkaar); de overlap is de common ground."
            : "Two triangles per participant, A for \(a) and B for \(b), slid into each other by the felt tension (0 = fully together, 10 = far apart); the overlap is the common ground."
        return intro + " " + range + ". " + parts.joined(separator: "; ") + "."
    }
}

extension TextStyle {
    func with(alignment: TextAlignment) -> TextStyle {
        var copy = self
        copy.alignment = alignment
        return copy
    }
}
