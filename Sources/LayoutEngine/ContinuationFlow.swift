import Graphics

/// Texts that did not fit their boxes, continued on pages of their own: each under a heading
/// that names its box, flowing down columns at the body size (not smaller: the box it came from
/// already was); a text that fills a column goes on in the next one, under its heading again.
/// The werkblad's vervolgbladen and the diagrams' vervolgpagina's are set by it.
public struct ContinuationFlow {
    public var columns: Int
    /// The left edge of the first column, the top and bottom of the text area.
    public var left: Length
    public var top: Length
    public var bottom: Length
    public var columnWidth: Length
    public var gutter: Length
    public var headingStyle: TextStyle
    public var bodyStyle: TextStyle
    /// Between a heading and its text, and after a text that ended.
    public var headingGap: Length
    public var blockGap: Length

    public init(columns: Int, left: Length, top: Length, bottom: Length, columnWidth: Length, gutter: Length,
                headingStyle: TextStyle, bodyStyle: TextStyle, headingGap: Length, blockGap: Length) {
        self.columns = max(1, columns)
        self.left = left; self.top = top; self.bottom = bottom
        self.columnWidth = columnWidth; self.gutter = gutter
        self.headingStyle = headingStyle; self.bodyStyle = bodyStyle
        self.headingGap = headingGap; self.blockGap = blockGap
    }

    /// The items of each page for `blocks` (a heading and the text it continues), and for each
    /// block the page (0 the first) its text starts on. `body` turns a fitted text into items
    /// at its top left. Every word is kept: a column that starts at the top places at least one
    /// line (the layouts make sure a column holds a heading and three lines), so this ends.
    public func pages(_ blocks: [(heading: String, text: String)], fitter: TextFitter,
                      body: (FitResult, Point) -> [Item]) -> (pages: [[Item]], starts: [Int]) {
        var pending = blocks.indices.map { (index: $0, text: blocks[$0].text) }
        var starts = [Int](repeating: 0, count: blocks.count)
        var started = Set<Int>()
        var pages: [[Item]] = []
        while !pending.isEmpty {
            var items: [Item] = []
            var column = 0
            var y = top
            while !pending.isEmpty && column < columns {
                let (index, rest) = pending.removeFirst()
                let x = left + (columnWidth + gutter) * Double(column)
                let heading = fitter.label(blocks[index].heading, style: headingStyle, at: Point(x: x, y: y), width: columnWidth)
                let bodyTop = heading.box.maxY + headingGap
                let space = Rect(x: x, y: bodyTop, width: columnWidth, height: bottom - bodyTop)
                // Keep the heading with at least three lines of text.
                if space.height < bodyStyle.font.size * bodyStyle.lineSpacing * 3 && y > top {
                    pending.insert((index, rest), at: 0)
                    column += 1; y = top
                    continue
                }
                if started.insert(index).inserted { starts[index] = pages.count }
                items.append(.tagged(.heading(2), [.text(heading)]))
                let result = fitter.fit(rest, style: bodyStyle, in: space.size, minimumSize: bodyStyle.font.size)
                if !result.text.isEmpty { items += body(result, space.origin) }
                if let more = result.overflow {
                    pending.insert((index, more), at: 0)
                    column += 1; y = top
                } else {
                    y = bodyTop + result.measured.height + blockGap
                }
            }
            pages.append(items)
        }
        return (pages, starts)
    }
}
