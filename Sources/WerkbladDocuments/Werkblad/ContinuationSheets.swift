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
        let ordered = overflow.enumerated()
            .sorted { (step($0.element), $0.offset) < (step($1.element), $1.offset) }
        guard !ordered.isEmpty else { return ([], [:]) }
        let m = page.margin
        let columns = 3
        let bodyStyle = style(type.text)
        let flow = ContinuationFlow(columns: columns, left: m, top: m + page.header, bottom: page.size.height - m - page.footer,
                                    columnWidth: (page.size.width - m * 2 - page.gutter * Double(columns - 1)) / Double(columns),
                                    gutter: page.gutter, headingStyle: style(type.label, bold: true, color: colors.accent),
                                    bodyStyle: bodyStyle, headingGap: .mm(1.5), blockGap: page.gap * 2)
        let blocks = ordered.map { (heading: "\(layout.label("continued", c.language)) \($0.element.source)", text: $0.element.text) }
        let (pages, starts) = flow.pages(blocks, fitter: fitter) { result, origin in
            fitter.structured(result, style: bodyStyle, at: origin, width: flow.columnWidth)
        }
        var startSheet: [Int: Int] = [:]
        for (position, block) in ordered.enumerated() { startSheet[block.offset] = starts[position] }
        var frames: [Frame] = []
        for (number, body) in pages.enumerated() {
            // Named by its number in the set (the werkblad is blad 1), as the markers name it.
            let title = layout.label("continuation", c.language).replacingOccurrences(of: "{n}", with: "\(number + 2)")
            var items: [Item] = [.tagged(.heading(1), [.text(text(title, style(type.title, bold: true, color: colors.accent),
                                                             at: Point(x: m, y: m - .mm(1.5)), width: page.size.width - m * 2))])]
            if let t = c.facts.title {
                items.append(.text(text(t, style(type.subtitle, bold: true), at: Point(x: m, y: m + type.title * 1.45),
                                        width: page.size.width - m * 2)))
            }
            items.append(.line(from: Point(x: m, y: flow.top - .mm(3)), to: Point(x: page.size.width - m, y: flow.top - .mm(3)),
                               color: colors.accent, width: .pt(1.5)))
            items += body
            items.append(.text(text(layout.label("footer", c.language), style(type.small, color: colors.muted),
                                    at: Point(x: m, y: flow.bottom + .mm(2)), width: page.size.width / 2)))
            frames.append(Frame(size: page.size, items: items, outlineTitle: title))
        }
        return (frames, startSheet)
    }
}
