import SessionModel
import Graphics
import LayoutEngine

extension WerkbladComposer {
    /// Pages that carry the text that did not fit the werkblad, each block headed by the box it continues.
    /// Blocks flow down columns; a block that does not fit the rest of a column continues in the next.
    /// Also returns, by the index of each overflow, the vervolgblad (0 the first) its text starts on.
    func continuationSheets(_ c: WerkbladContent) -> ([Frame], startSheet: [Int: Int]) {
        // In the order of the steps (1 to 5), whatever column a box stands in; header facts first.
        func step(_ o: Overflow) -> Int { Int(o.source.prefix(while: \.isNumber)) ?? 0 }
        var pending = overflow.enumerated()
            .sorted { (step($0.element), $0.offset) < (step($1.element), $1.offset) }
            .map { (index: $0.offset, block: $0.element) }
        var startSheet: [Int: Int] = [:]
        guard !pending.isEmpty else { return ([], [:]) }
        var frames: [Frame] = []
        let m = page.margin
        let columns = 3
        let colWidth = (page.size.width - m * 2 - page.gutter * Double(columns - 1)) / Double(columns)
        let top = m + page.header
        let bottom = page.size.height - m - page.footer
        let bodyStyle = style(type.text)
        let sourceStyle = style(type.label, bold: true, color: colors.accent)
        var sheet = 0
        // Every column that starts at the top places at least one line, so this ends.
        while !pending.isEmpty {
            sheet += 1
            // Named by its number in the set (the werkblad is blad 1), as the markers name it.
            let title = layout.label("continuation", c.language).replacingOccurrences(of: "{n}", with: "\(sheet + 1)")
            var items: [Item] = [.tagged(.heading(1), [.text(text(title, style(type.title, bold: true, color: colors.accent),
                                                             at: Point(x: m, y: m - .mm(1.5)), width: page.size.width - m * 2))])]
            if let t = c.facts.title {
                items.append(.text(text(t, style(type.subtitle, bold: true), at: Point(x: m, y: m + type.title * 1.45),
                                        width: page.size.width - m * 2)))
            }
            items.append(.line(from: Point(x: m, y: top - .mm(3)), to: Point(x: page.size.width - m, y: top - .mm(3)),
                               color: colors.accent, width: .pt(1.5)))
            var column = 0
            var y = top
            while !pending.isEmpty && column < columns {
                let x = m + (colWidth + page.gutter) * Double(column)
                let (index, block) = pending.removeFirst()
                let heading = text("\(layout.label("continued", c.language)) \(block.source)", sourceStyle,
                                   at: Point(x: x, y: y), width: colWidth)
                let bodyTop = heading.box.maxY + .mm(1.5)
                let space = Rect(x: x, y: bodyTop, width: colWidth, height: bottom - bodyTop)
                // Keep the heading with at least three lines of text.
                if space.height < bodyStyle.font.size * bodyStyle.lineSpacing * 3 && y > top {
                    pending.insert((index, block), at: 0)
                    column += 1; y = top
                    continue
                }
                if startSheet[index] == nil { startSheet[index] = sheet - 1 }
                items.append(.tagged(.heading(2), [.text(heading)]))
                let result = fitter.fit(block.text, style: bodyStyle, in: space.size, minimumSize: type.text)
                if !result.text.isEmpty {
                    items += fitter.structured(result, style: bodyStyle, at: Point(x: x, y: bodyTop), width: colWidth)
                }
                if let rest = result.overflow {
                    pending.insert((index, Overflow(source: block.source, text: rest, key: block.key)), at: 0)
                    column += 1; y = top
                } else {
                    y = bodyTop + result.measured.height + page.gap * 2
                }
            }
            items.append(.text(text(layout.label("footer", c.language), style(type.small, color: colors.muted),
                                    at: Point(x: m, y: bottom + .mm(2)), width: page.size.width / 2)))
            frames.append(Frame(size: page.size, items: items, outlineTitle: title))
        }
        return (frames, startSheet)
    }
}
