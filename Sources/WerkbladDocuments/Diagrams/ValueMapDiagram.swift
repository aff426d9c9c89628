import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// Stap 2: the values in three layers, the tensions between them and the chosen invalshoeken.
public struct ValueMapData: Sendable, Hashable {
    public struct Tension: Sendable, Hashable {
        public var first: String
        public var second: String
    }

    /// Inhoud opgave, proces en relatie, mens en professional.
    public var layers: [[String]]
    public var tensions: [Tension]
    public var angles: [Invalshoek]
}

final class ValueMapComposer: DiagramComposer {
    static let layerKeys = ["wk-inhoud", "wk-proces", "wk-mens"]

    func compose(_ data: ValueMapData?) -> [Frame] {
        let side = layout.length("waardenkaart.side-width")
        let area = content
        let arrows = Length.mm(16)
        let map = Rect(x: area.x + arrows, y: area.y, width: area.width - side - .mm(8) - arrows * 2, height: area.height)
        let panel = Rect(x: map.maxX + arrows + .mm(8), y: area.y, width: side, height: area.height)
        var chips: [String: Rect] = [:]
        var bands: [Rect] = []
        var drawing: [Item] = []
        var backgrounds: [Item] = [], layerItems: [Item] = []
        let bandGap = Length.mm(5)
        let bandHeight = (map.height - bandGap * 2) / 3
        let allBands = Self.layerKeys.indices.map { i in Rect(x: map.x, y: map.y + (bandHeight + bandGap) * Double(i), width: map.width, height: bandHeight) }
        chipScale = [2.0, 1.7, 1.4, 1.2].first { scale in
            zip(allBands, Self.layerKeys.indices).allSatisfy { band, i in
                chipRows(data?.layers[safe: i] ?? [], in: valueArea(band), scale: scale).rest.isEmpty
            }
        } ?? 1
        for (i, key) in Self.layerKeys.enumerated() {
            let band = allBands[i]
            bands.append(band)
            backgrounds.append(.rect(band, fill: color("tint"), stroke: nil, radius: .mm(2)))
            layerItems += layer(key, values: data?.layers[safe: i] ?? [], in: band, chips: &chips)
        }
        drawing += sideArrows(map: map, width: arrows)
        let tensions = data?.tensions ?? []
        let lines = tensionLines(tensions, chips: chips, bands: bands)
        drawing += backgrounds + lines.under + layerItems + lines.over
        var body: [Item] = []
        if let data {
            body.append(.figure(alt: altText(data), drawing))
        } else {
            body += drawing
        }
        body += sidePanel(data, in: panel)
        let title = label("wk-title")
        return [page(title: title, subtitle: label("wk-subtitle"), body: body)] + continuationPages(title: title)
    }

    /// How much larger than the layout's chips the values are drawn: as large as lets every value
    /// of every layer fit its band (up to twice), so that a map of few values fills its page.
    private var chipScale = 1.0

    /// Chips flow in rows from the top left of `area`; a value too long for a row wraps inside its
    /// chip. Returns the placed chips (value, rectangle, text size) and the values that do not fit.
    private func chipRows(_ values: [String], in area: Rect, scale: Double) -> (placed: [(String, Rect, Size)], rest: [String]) {
        let chipHeight = layout.length("waardenkaart.chip-height") * scale, gap = layout.length("waardenkaart.chip-gap") * scale
        let chipStyle = style(size("heading") * scale, bold: true)
        let padding = Length.mm(5) * scale
        var placed: [(String, Rect, Size)] = [], rest: [String] = []
        var x = area.x, y = area.y
        var rowHeight = Length.zero
        for value in values {
            let single = fitter.measure(value, style: chipStyle, width: nil)
            let width = min(single.width + padding * 2, area.width)
            let measured = fitter.measure(value, style: chipStyle, width: width - padding * 2)
            let height = max(chipHeight, measured.height + .mm(4) * scale)
            if x > area.x, x + width > area.maxX { x = area.x; y += rowHeight + gap + .mm(4); rowHeight = .zero }
            if y + height > area.maxY { rest.append(value); continue }
            placed.append((value, Rect(x: x, y: y, width: width, height: height), measured))
            x += width + gap
            rowHeight = max(rowHeight, height)
        }
        return (placed, rest)
    }

    /// The share of a layer's band that its name and note take, on the left.
    private static let labelShare = 0.27

    /// The values' area inside a layer's band.
    private func valueArea(_ band: Rect) -> Rect {
        let labelWidth = band.width * Self.labelShare
        return Rect(x: band.x + labelWidth + .mm(4), y: band.y + .mm(4), width: band.width - labelWidth - .mm(9), height: band.height - .mm(8))
    }

    /// One layer: its name and note on the left, its values as chips flowing on the right.
    private func layer(_ key: String, values: [String], in band: Rect, chips: inout [String: Rect]) -> [Item] {
        var items: [Item] = []
        let labelWidth = band.width * Self.labelShare
        let name = text(label(key), style(size("heading"), bold: true, color: color("accent")), at: Point(x: band.x + .mm(5), y: band.y + .mm(4)),
                        width: labelWidth - .mm(5))
        let note = text(label(key + "-note"), style(size("small"), italic: true, color: color("muted")), at: Point(x: name.box.x, y: name.box.maxY + .mm(1)),
                        width: labelWidth - .mm(5))
        items += [.tagged(.heading(2), [.text(name)]), .tagged(.paragraph, [.text(note)])]
        let area = valueArea(band)
        if values.isEmpty {
            var y = area.y + .mm(10)
            while y <= area.maxY {
                items.append(.line(from: Point(x: area.x, y: y), to: Point(x: area.maxX, y: y), color: color("rule"), width: .pt(0.5)))
                y += .mm(10)
            }
            return items
        }
        let chipStyle = style(size("heading") * chipScale, bold: true)
        let (placed, rest) = chipRows(values, in: area, scale: chipScale)
        for value in rest { addOverflow(label(key), value) }
        let used = (placed.map(\.1.maxY).max() ?? area.y) - area.y
        let dy = max(.zero, (area.height - used) / 2 - .mm(2))
        for (value, r, measured) in placed {
            let rect = Rect(x: r.x, y: r.y + dy, width: r.width, height: r.height)
            chips[value] = chips[value] ?? rect
            items.append(.rect(rect, fill: .white, stroke: color("accent"), strokeWidth: .pt(1.5), radius: min(.mm(5), rect.height / 2)))
            items.append(.tagged(.paragraph, [.text(TextItem(text: value, style: chipStyle.with(alignment: .center),
                                                       box: Rect(x: rect.x + (rect.width - measured.width) / 2, y: rect.y + (rect.height - measured.height) / 2,
                                                                 width: measured.width, height: measured.height),
                                                       measured: measured))]))
        }
        return items
    }

    /// "Wat vraagt dit van?" down the left, "Welk effect heeft dit op?" up the right, as in the method's figure.
    private func sideArrows(map: Rect, width: Length) -> [Item] {
        var items: [Item] = []
        for (i, key) in ["wk-asks", "wk-effect"].enumerated() {
            let x = i == 0 ? map.x - width / 2 : map.maxX + width / 2
            let top = map.y + .mm(8), bottom = map.maxY - .mm(8)
            items.append(.line(from: Point(x: x, y: top), to: Point(x: x, y: bottom), color: color("muted"), width: .pt(1.5)))
            let tip = i == 0 ? bottom : top, dir: Double = i == 0 ? 1 : -1
            items.append(.polygon([Point(x: x, y: tip + .mm(2) * dir), Point(x: x - .mm(2.2), y: tip - .mm(2) * dir), Point(x: x + .mm(2.2), y: tip - .mm(2) * dir)],
                                  fill: color("muted"), stroke: nil))
            let caption = text(label(key), style(size("small"), italic: true, color: color("muted"), align: .center),
                               at: Point(x: x - width / 2, y: map.y + map.height / 2 - .mm(8)), width: width)
            items.append(.rect(Rect(x: caption.box.x, y: caption.box.y - .mm(1), width: caption.box.width, height: caption.box.height + .mm(2)),
                               fill: .white, stroke: nil))
            items.append(.tagged(.paragraph, [.text(caption)]))
        }
        return items
    }

    /// Tension lines between the chips' edges: dashed, in the warning colour, numbered at their middle.
    private func tensionLines(_ tensions: [ValueMapData.Tension], chips: [String: Rect], bands: [Rect]) -> (under: [Item], over: [Item]) {
        var under: [Item] = [], over: [Item] = []
        for (i, t) in tensions.enumerated() {
            guard let a = chips[t.first], let b = chips[t.second] else { continue }
            let p = Point(x: a.x + a.width / 2, y: a.y + a.height / 2), q = Point(x: b.x + b.width / 2, y: b.y + b.height / 2)
            var from = p, to = q
            if a.y == b.y {
                // Same row: an arc below both chips instead of a line hidden behind them.
                let y = max(a.maxY, b.maxY) + .mm(5)
                from = Point(x: p.x, y: a.maxY); to = Point(x: q.x, y: b.maxY)
                under.append(.line(from: from, to: Point(x: from.x, y: y), color: color("too-far"), width: .pt(1.5)))
                under.append(.line(from: Point(x: from.x, y: y), to: Point(x: to.x, y: y), color: color("too-far"), width: .pt(1.5), dash: [.pt(4), .pt(2.5)]))
                under.append(.line(from: Point(x: to.x, y: y), to: to, color: color("too-far"), width: .pt(1.5)))
                from = Point(x: from.x, y: y); to = Point(x: to.x, y: y)
            } else {
                // From the lower edge of the upper chip to the upper edge of the lower one.
                let (upper, lower) = a.y < b.y ? (a, b) : (b, a)
                from = Point(x: upper.x + upper.width / 2, y: upper.maxY)
                to = Point(x: lower.x + lower.width / 2, y: lower.y)
                under.append(.line(from: from, to: to, color: color("too-far"), width: .pt(1.5), dash: [.pt(4), .pt(2.5)]))
            }
            var mid = Point(x: (from.x + to.x) / 2, y: (from.y + to.y) / 2)
            // Between layers the number sits in the gap below the upper chip's layer, where no chip is.
            if let band = bands.firstIndex(where: { $0.y <= from.y && from.y <= $0.maxY }), band + 1 < bands.count,
               to.y > bands[band + 1].y {
                let gapY = (bands[band].maxY + bands[band + 1].y) / 2
                let t = (gapY - from.y) / (to.y - from.y)
                mid = Point(x: from.x + (to.x - from.x) * t, y: gapY)
            }
            let r = Length.mm(3.2)
            over.append(.ellipse(Rect(x: mid.x - r, y: mid.y - r, width: r * 2, height: r * 2), fill: color("too-far"), stroke: .white, strokeWidth: .pt(1)))
            let n = text(String(i + 1), style(size("small"), bold: true, color: .white, align: .center), at: .zero, width: r * 2)
            over.append(.text(TextItem(text: n.text, style: n.style, box: Rect(x: mid.x - r, y: mid.y - n.measured.height / 2, width: r * 2, height: n.measured.height),
                                       measured: n.measured)))
        }
        return (under, over)
    }

    /// Invalshoeken as check boxes, and the list of tensions in words.
    private func sidePanel(_ data: ValueMapData?, in panel: Rect) -> [Item] {
        var items: [Item] = []
        let head = text(label("wk-angles"), style(size("heading"), bold: true, color: color("accent")), at: panel.origin, width: panel.width)
        items.append(.tagged(.heading(2), [.text(head)]))
        var y = head.box.maxY + .mm(3)
        let box = Length.mm(6)
        for angle in Invalshoek.allCases {
            let chosen = data?.angles.contains(angle) ?? false
            let square = Rect(x: panel.x, y: y, width: box, height: box)
            items.append(.rect(square, fill: chosen ? color("accent") : .white, stroke: chosen ? color("accent") : color("rule"), strokeWidth: .pt(1.2), radius: .mm(0.8)))
            if chosen {
                let a = Point(x: square.x + box * 0.22, y: square.y + box * 0.52), b = Point(x: square.x + box * 0.42, y: square.y + box * 0.74)
                let c = Point(x: square.x + box * 0.8, y: square.y + box * 0.26)
                items += [.line(from: a, to: b, color: .white, width: .pt(1.8)), .line(from: b, to: c, color: .white, width: .pt(1.8))]
            }
            let name = text(label("wk-\(angle.rawValue)"), style(size("label"), bold: chosen, color: chosen ? color("text") : color("muted")),
                            at: Point(x: panel.x + box + .mm(3), y: y + (box - size("label") * 1.36) / 2), width: panel.width - box - .mm(3))
            items.append(.tagged(.paragraph, [.text(name)]))
            y += box + .mm(4)
        }
        y += .mm(6)
        let tensionsHead = text(label("wk-tensions"), style(size("heading"), bold: true, color: color("accent")), at: Point(x: panel.x, y: y), width: panel.width)
        items.append(.tagged(.heading(2), [.text(tensionsHead)]))
        y = tensionsHead.box.maxY + .mm(2)
        let tensions = data?.tensions ?? []
        if tensions.isEmpty {
            while y + .mm(9) <= panel.maxY {
                y += .mm(9)
                items.append(.line(from: Point(x: panel.x, y: y), to: Point(x: panel.maxX, y: y), color: color("rule"), width: .pt(0.5)))
            }
            return items
        }
        for (i, t) in tensions.enumerated() {
            let where_ = sameLayer(t, data) ? label("wk-within") : label("wk-between")
            let line = "\(i + 1). \(t.first) – \(t.second)\n\(where_)"
            let box = Rect(x: panel.x, y: y, width: panel.width, height: panel.maxY - y)
            let fit = fitter.fit(line, style: style(size("label")), in: box.size, minimumSize: minimum)
            if let rest = fit.overflow { addOverflow(label("wk-tensions"), rest) }
            items.append(.tagged(.paragraph, [.text(fitter.item(fit, style: style(size("label")), at: Point(x: box.x, y: y), width: box.width))]))
            y += fit.measured.height + .mm(3)
            if y >= panel.maxY { 
                let rest = tensions[(i + 1)...].enumerated().map { "\(i + 2 + $0.offset). \($0.element.first) – \($0.element.second)" }
                if !rest.isEmpty { addOverflow(label("wk-tensions"), rest.joined(separator: "\n")) }
                break
            }
        }
        return items
    }

    private func sameLayer(_ t: ValueMapData.Tension, _ data: ValueMapData?) -> Bool {
        data?.layers.contains { $0.contains(t.first) && $0.contains(t.second) } ?? false
    }

    /// The map in words: each layer's values, the tensions and the invalshoeken.
    func altText(_ data: ValueMapData) -> String {
        var parts: [String] = []
        for (i, key) in Self.layerKeys.enumerated() {
            let values = data.layers[safe: i] ?? []
            parts.append("\(label(key)): \(values.isEmpty ? label("wk-none") : values.joined(separator: ", ")).")
        }
        for (i, t) in data.tensions.enumerated() {
            parts.append("\(label("wk-tensions")) \(i + 1): \(t.first) – \(t.second), \(sameLayer(t, data) ? label("wk-within") : label("wk-between")).")
        }
        let chosen = data.angles.map { label("wk-\($0.rawValue)") }
        parts.append("\(label("wk-angles")): \(chosen.isEmpty ? "–" : chosen.joined(separator: ", ")).")
        return parts.joined(separator: " ")
    }
}
