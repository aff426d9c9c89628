import Graphics

/// A piece of running text for `Flow`: a heading, a paragraph or list item, or a table.
public struct Block: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text
        /// Rows of cells; the first row is the header when `header` is set. Never split.
        case table(rows: [[String]], widths: [Double], header: Bool)
        /// Ruled lines to write on by hand, `pitch` apart; never split, drawn as artifacts.
        case writingRoom(lines: Int, pitch: Length)
    }

    public var kind: Kind
    public var text: String
    public var spans: [TextSpan]
    public var style: TextStyle
    /// Left indent of the text; a `marker` (bullet, number) hangs in it.
    public var indent: Length
    public var marker: String?
    public var spaceBefore: Length
    public var spaceAfter: Length
    /// Structure role: heading, paragraph, list item.
    public var tag: StructureRole
    /// Never the last thing on a page (headings).
    public var keepWithNext: Bool
    /// A bookmark at this block, at this outline level.
    public var outlineLevel: Int?
    /// Set across the page's whole width (a title); running text keeps to the flow's measure.
    public var wide = false

    public init(text: String, style: TextStyle, spans: [TextSpan] = [], tag: StructureRole = .paragraph, indent: Length = .zero,
                marker: String? = nil, spaceBefore: Length = .zero, spaceAfter: Length = .zero,
                keepWithNext: Bool = false, outlineLevel: Int? = nil) {
        kind = .text
        self.text = text; self.style = style; self.spans = spans; self.tag = tag; self.indent = indent
        self.marker = marker; self.spaceBefore = spaceBefore; self.spaceAfter = spaceAfter
        self.keepWithNext = keepWithNext; self.outlineLevel = outlineLevel
    }

    public static func table(_ rows: [[String]], widths: [Double], header: Bool, style: TextStyle,
                             spaceBefore: Length = .zero, spaceAfter: Length = .zero) -> Block {
        var b = Block(text: "", style: style, tag: .table, spaceBefore: spaceBefore, spaceAfter: spaceAfter)
        b.kind = .table(rows: rows, widths: widths, header: header)
        return b
    }

    public static func writingRoom(lines: Int, pitch: Length, style: TextStyle, spaceAfter: Length = .zero) -> Block {
        var b = Block(text: "", style: style, spaceAfter: spaceAfter)
        b.kind = .writingRoom(lines: lines, pitch: pitch)
        return b
    }
}

/// What a flowed page holds: its items and bookmarks; header and footer are added by the document.
public struct FlowPage: Sendable, Hashable {
    public var items: [Item] = []
    public var outline: [OutlineEntry] = []
}

/// Pours blocks into pages of one text area, like a printer sets a book: paragraphs split
/// between lines, never leaving a single line alone at the foot or head of a page (no
/// orphans, no widows), headings kept with what follows, tables kept whole.
public struct Flow {
    /// Where running text goes: as wide as the measure.
    public var area: Rect
    /// The width of wide blocks (titles) and tables, at least `area.width`.
    public var fullWidth: Length
    /// Colours of table rules and header cells.
    public var ruleColor: Color
    public var headerFill: Color
    public var cellPadding = Length.mm(1.8)
    /// Fewest lines of a paragraph left at a page's foot or carried to the next page's head.
    public var minimumLines = 2

    public init(area: Rect, fullWidth: Length? = nil, ruleColor: Color, headerFill: Color) {
        self.area = area; self.fullWidth = max(fullWidth ?? area.width, area.width)
        self.ruleColor = ruleColor; self.headerFill = headerFill
    }

    /// The width a block's text is set in.
    private func width(_ block: Block) -> Length { (block.wide ? fullWidth : area.width) - block.indent }

    public func pages(_ blocks: [Block], fitter: TextFitter) -> [FlowPage] {
        var pages: [FlowPage] = [FlowPage()]
        var y = area.y
        var queue = blocks[...]
        func newPage() { pages.append(FlowPage()); y = area.y }
        func emit(_ placed: (Item, OutlineEntry?), list: Bool) {
            place(placed.0, continuesList: list)
            if let entry = placed.1 { pages[pages.count - 1].outline.append(entry) }
        }
        func place(_ item: Item, continuesList: Bool) {
            var page = pages[pages.count - 1]
            if continuesList, case .tagged(.list, let items)? = page.items.last, case .tagged(.list, let more) = item {
                page.items[page.items.count - 1] = .tagged(.list, items + more)
            } else {
                page.items.append(item)
            }
            pages[pages.count - 1] = page
        }
        var previousTag: StructureRole? = nil
        while let block = queue.popFirst() {
            let atTop = y == area.y
            let before = atTop ? .zero : block.spaceBefore
            let remaining = area.maxY - y - before
            if case let .table(rows, widths, header) = block.kind {
                let (items, height) = table(rows, widths: widths, header: header, style: block.style, at: Point(x: area.x, y: .zero), fitter: fitter)
                if height > remaining && !atTop { newPage() }
                let top = y + (y == area.y ? .zero : before)
                place(.tagged(.table, items.map { shifted($0, by: top) }), continuesList: false)
                y = top + height + block.spaceAfter
                previousTag = .table
                continue
            }
            if case let .writingRoom(count, pitch) = block.kind {
                let height = pitch * Double(count)
                if height > remaining && !atTop { newPage() }
                let top = y + (y == area.y ? .zero : before)
                let lines: [Item] = (1...max(1, count)).map { i in
                    let ly = top + pitch * Double(i)
                    return .line(from: Point(x: area.x, y: ly), to: Point(x: area.x + fullWidth, y: ly), color: ruleColor, width: .pt(0.5))
                }
                place(.artifact(lines), continuesList: false)
                y = top + height + block.spaceAfter
                previousTag = nil
                continue
            }
            let width = self.width(block)
            let size = fitter.measure(block.text, style: block.style, width: width, spans: block.spans)
            let lines = fitter.layout.lines
            // Lines that fit in what is left of the page.
            var fitting = lines.prefix { $0.bottom <= remaining }.count
            // What must come along on this page: a heading needs the start of the next block below it.
            var needed = size.height
            if block.keepWithNext { needed += block.spaceAfter + chainHeight(queue, fitter: fitter) }
            if fitting == lines.count && needed <= remaining {
                emit(textItem(block, text: block.text, spans: block.spans, height: size.height, measured: size, top: y + before), list: block.tag == .listItem && previousTag == .listItem)
                y += before + size.height + block.spaceAfter
                previousTag = block.tag
                continue
            }
            if block.keepWithNext || lines.count < minimumLines * 2 {
                fitting = atTop ? lines.count : 0
            } else {
                // Orphans and widows: at least two lines on each side of the break.
                if lines.count - fitting < minimumLines { fitting = lines.count - minimumLines }
                if fitting < minimumLines { fitting = 0 }
            }
            if fitting == 0 {
                if atTop {
                    // Taller than a whole page even at the top: set what fits, continue below.
                    fitting = max(1, lines.prefix { $0.bottom <= area.height }.count)
                } else {
                    newPage()
                    queue.insert(block, at: queue.startIndex)
                    continue
                }
            }
            if fitting >= lines.count {
                emit(textItem(block, text: block.text, spans: block.spans, height: size.height, measured: size, top: y + before), list: block.tag == .listItem && previousTag == .listItem)
                y += before + size.height + block.spaceAfter
                previousTag = block.tag
                continue
            }
            // Split between lines: the head stays, the rest starts the next page.
            let cut = lines[fitting].byteOffset
            let utf8 = Array(block.text.utf8)
            let head = String(decoding: utf8[..<cut], as: UTF8.self)
            let tail = String(decoding: utf8[cut...], as: UTF8.self)
            let headSpans = block.spans.compactMap { s -> TextSpan? in
                s.start >= cut ? nil : TextSpan(start: s.start, end: min(s.end, cut), bold: s.bold, italic: s.italic)
            }
            let tailSpans = block.spans.compactMap { s -> TextSpan? in
                s.end <= cut ? nil : TextSpan(start: max(0, s.start - cut), end: s.end - cut, bold: s.bold, italic: s.italic)
            }
            let headSize = fitter.measure(head, style: block.style, width: width, spans: headSpans)
            emit(textItem(block, text: head, spans: headSpans, height: headSize.height, measured: headSize, top: y + before), list: block.tag == .listItem && previousTag == .listItem)
            var rest = block
            rest.text = tail; rest.spans = tailSpans; rest.marker = nil; rest.spaceBefore = .zero; rest.outlineLevel = nil
            newPage()
            queue.insert(rest, at: queue.startIndex)
            previousTag = block.tag
        }
        if pages.last?.items.isEmpty == true && pages.count > 1 { pages.removeLast() }
        return pages
    }

    /// What must follow a heading onto its page: the next block's start, and all of it (and so on)
    /// while that block is itself kept with the next (a heading, its time line, a subheading).
    private func chainHeight(_ rest: ArraySlice<Block>, fitter: TextFitter) -> Length {
        guard let next = rest.first else { return .zero }
        guard next.keepWithNext, case .text = next.kind else { return next.spaceBefore + startHeight(next, fitter: fitter) }
        let whole = fitter.measure(next.text, style: next.style, width: width(next), spans: next.spans).height
        return next.spaceBefore + whole + next.spaceAfter + chainHeight(rest.dropFirst(), fitter: fitter)
    }

    /// The height of the part of `block` that must follow a heading onto its page.
    private func startHeight(_ block: Block, fitter: TextFitter) -> Length {
        switch block.kind {
        case let .table(rows, widths, header):
            return table(rows, widths: widths, header: header, style: block.style, at: .zero, fitter: fitter).height
        case let .writingRoom(count, pitch):
            return pitch * Double(count)
        case .text:
            _ = fitter.measure(block.text, style: block.style, width: width(block), spans: block.spans)
            let lines = fitter.layout.lines
            return lines[min(lines.count, minimumLines) - 1].bottom
        }
    }

    /// The item for a block's text at `top`, and its bookmark.
    private func textItem(_ block: Block, text: String, spans: [TextSpan], height: Length, measured: Size,
                          top: Length) -> (Item, OutlineEntry?) {
        let box = Rect(x: area.x + block.indent, y: top, width: width(block), height: height)
        let body = Item.text(TextItem(text: text, style: block.style, box: box, measured: measured, spans: spans))
        let entry = block.outlineLevel.map { OutlineEntry(title: text, level: $0, top: top) }
        if block.tag == .listItem {
            var parts: [Item] = []
            if let marker = block.marker {
                let markerBox = Rect(x: area.x + block.indent - .mm(4.5), y: top, width: .mm(4.5), height: height)
                parts.append(.tagged(.label, [.text(TextItem(text: marker, style: block.style, box: markerBox,
                                                            measured: Size(width: .mm(3), height: block.style.font.size * 1.36)))]))
            }
            parts.append(.tagged(.listBody, [body]))
            return (.tagged(.list, [.tagged(.listItem, parts)]), entry)
        }
        return (.tagged(block.tag, [body]), entry)
    }

    /// A table at `origin`: rows of cells with rules, the header row tinted; returns items and height.
    func table(_ rows: [[String]], widths: [Double], header: Bool, style: TextStyle, at origin: Point,
               fitter: TextFitter) -> (items: [Item], height: Length) {
        let total = widths.reduce(0, +)
        let columnWidths = widths.map { fullWidth * ($0 / total) }
        var items: [Item] = []
        var y = origin.y
        for (r, row) in rows.enumerated() {
            let isHeader = header && r == 0
            var cellStyle = style
            if isHeader { cellStyle.font.weight = .bold }
            let measured = zip(row, columnWidths).map { fitter.measure($0, style: cellStyle, width: $1 - cellPadding * 2) }
            let height = (measured.map(\.height).max() ?? .zero) + cellPadding * 2
            var x = area.x
            var cells: [Item] = []
            for (c, (text, width)) in zip(row, columnWidths).enumerated() {
                let cell = Rect(x: x, y: y, width: width, height: height)
                if isHeader { cells.append(.rect(cell, fill: headerFill, stroke: nil)) }
                var cellItem = TextItem(text: text, style: cellStyle, box: cell.inset(by: cellPadding), measured: measured[c])
                cellItem.box.height = measured[c].height
                cells.append(.tagged(isHeader ? .header(.column) : .cell, [.text(cellItem)]))
                x += width
            }
            cells.append(.line(from: Point(x: area.x, y: y + height), to: Point(x: area.x + fullWidth, y: y + height),
                               color: ruleColor, width: isHeader ? .pt(1) : .pt(0.5)))
            items.append(.tagged(.row, cells))
            y += height
        }
        return (items, y - origin.y)
    }

    /// An item moved down by `dy`.
    private func shifted(_ item: Item, by dy: Length) -> Item {
        switch item {
        case let .rect(r, fill, stroke, width, radius):
            return .rect(Rect(x: r.x, y: r.y + dy, width: r.width, height: r.height), fill: fill, stroke: stroke, strokeWidth: width, radius: radius)
        case let .line(a, b, color, width, dash):
            return .line(from: Point(x: a.x, y: a.y + dy), to: Point(x: b.x, y: b.y + dy), color: color, width: width, dash: dash)
        case var .text(t):
            t.box.y += dy
            return .text(t)
        case let .tagged(tag, inner): return .tagged(tag, inner.map { shifted($0, by: dy) })
        default: return item
        }
    }
}
