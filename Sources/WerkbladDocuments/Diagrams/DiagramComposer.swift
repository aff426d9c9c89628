import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// What the header of a diagram page says about the conversation.
public struct DiagramHeading: Sendable, Hashable {
    public var title: String?
    /// Date, time and place on one line.
    public var facts: String?
    public var language: Language

    public init(title: String? = nil, facts: String? = nil, language: Language = .nl) {
        self.title = title; self.facts = facts; self.language = language
    }
}

/// Shared parts of the diagram pages: styles, header, footer and text placement.
/// Subclasses draw one diagram each. Not thread-safe (uses the engine's fitter).
class DiagramComposer {
    let layout: DiagramLayout
    let fitter: TextFitter
    let heading: DiagramHeading
    /// Texts that did not fit even at the minimum size, continued on extra pages.
    private(set) var overflow: [(label: String, text: String)] = []

    init(layout: DiagramLayout, fitter: TextFitter, heading: DiagramHeading) {
        self.layout = layout; self.fitter = fitter; self.heading = heading
    }

    var language: Language { heading.language }
    var pageSize: Size { layout.pageSize }
    var margin: Length { layout.length("page.margin") }
    var minimum: Length { layout.length("type.minimum") }
    func size(_ name: String) -> Length { layout.length("type.\(name)") }
    func color(_ name: String) -> Color { layout.color(name) }
    func label(_ key: String, _ values: [String: String] = [:]) -> String { layout.label(key, language, values) }

    /// The area below the header and above the footer.
    var content: Rect {
        let top = margin + layout.length("page.header")
        return Rect(x: margin, y: top, width: pageSize.width - margin * 2,
                    height: pageSize.height - margin - layout.length("page.footer") - top)
    }

    func style(_ size: Length, bold: Bool = false, italic: Bool = false, color: Color? = nil,
               align: TextAlignment = .left) -> TextStyle {
        TextStyle(font: FontSpec(family: layout.font, size: size, weight: bold ? .bold : .regular, italic: italic),
                  color: color ?? self.color("text"), alignment: align, lineSpacing: layout.lineSpacing)
    }

    /// A text set at its style in `width`, top left at `p`.
    func text(_ string: String, _ style: TextStyle, at p: Point, width: Length) -> TextItem {
        fitter.label(string, style: style, at: p, width: width)
    }

    /// A label on one line, smaller (down to the minimum) when the width is narrow; wrapped only below that.
    func oneLine(_ string: String, _ style: TextStyle, at p: Point, width: Length) -> TextItem {
        fitter.oneLineLabel(string, style: style, at: p, width: width, minimum: minimum)
    }

    /// The user's text fitted into `rect`; what does not fit goes to `overflow`.
    func fitted(_ string: String, _ style: TextStyle, in rect: Rect, source: String) -> [Item] {
        let result = fitter.fit(string, style: style, in: rect.size, minimumSize: minimum)
        if let rest = result.overflow { overflow.append((source, rest)) }
        guard !result.text.isEmpty else { return [] }
        return [.tagged(.paragraph, [.text(fitter.item(result, style: style, at: rect.origin, width: rect.width))])]
    }

    func addOverflow(_ source: String, _ text: String) { overflow.append((source, text)) }

    /// Title, subtitle and the conversation's facts above a rule.
    func header(title: String, subtitle: String) -> [Item] {
        let width = pageSize.width - margin * 2
        var items: [Item] = []
        let titleItem = text(title, style(size("title"), bold: true, color: color("accent")), at: Point(x: margin, y: margin - .mm(1.5)),
                             width: width * 0.55)
        items.append(.tagged(.heading(1), [.text(titleItem)]))
        let sub = text(subtitle, style(size("subtitle"), color: color("muted")), at: Point(x: margin, y: titleItem.box.maxY + .mm(0.5)),
                       width: width * 0.6)
        items.append(.tagged(.paragraph, [.text(sub)]))
        let right = margin + width * 0.62, rightWidth = width * 0.38
        var y = margin
        if let t = heading.title {
            let item = text(t, style(size("label"), bold: true, align: .right), at: Point(x: right, y: y), width: rightWidth)
            items.append(.tagged(.paragraph, [.text(item)]))
            y = item.box.maxY + .mm(1)
        }
        if let f = heading.facts {
            items.append(.tagged(.paragraph, [.text(text(f, style(size("small"), color: color("muted"), align: .right),
                                                    at: Point(x: right, y: y), width: rightWidth))]))
        }
        let ruleY = margin + layout.length("page.header") - .mm(4)
        items.append(.line(from: Point(x: margin, y: ruleY), to: Point(x: pageSize.width - margin, y: ruleY),
                           color: color("accent"), width: .pt(1.5)))
        return items
    }

    func footer() -> [Item] {
        let y = pageSize.height - margin - layout.length("page.footer") + .mm(2)
        return [.text(text(label("footer"), style(size("small"), color: color("muted")), at: Point(x: margin, y: y),
                           width: pageSize.width - margin * 2))]
    }

    /// A page with header and footer around `body`.
    func page(title: String, subtitle: String, body: [Item]) -> Frame {
        Frame(size: pageSize, items: header(title: title, subtitle: subtitle) + body + footer(), outlineTitle: title)
    }

    /// Pages that continue texts which did not fit, each under its source's name, down the
    /// layout's columns as on the werkblad's vervolgbladen (`ContinuationFlow`).
    func continuationPages(title: String) -> [Frame] {
        let pending = overflow
        overflow = []
        guard !pending.isEmpty else { return [] }
        let continued = language == .nl ? "vervolg" : "continued"
        let columns = max(1, layout.integer("page.columns"))
        let gutter = layout.length("page.gutter")
        let flow = ContinuationFlow(columns: columns, left: content.x, top: content.y, bottom: content.maxY,
                                    columnWidth: (content.width - gutter * Double(columns - 1)) / Double(columns), gutter: gutter,
                                    headingStyle: style(size("heading"), bold: true, color: color("accent")),
                                    bodyStyle: style(size("text")), headingGap: .mm(2), blockGap: .mm(8))
        let blocks = pending.map { (heading: "\(continued): \($0.label)", text: $0.text) }
        return flow.pages(blocks, fitter: fitter) { result, origin in
            [.tagged(.paragraph, [.text(fitter.item(result, style: flow.bodyStyle, at: origin, width: flow.columnWidth))])]
        }.pages.map { page(title: title, subtitle: continued, body: $0) }
    }

    /// A number as written in the language: 4,5 in Dutch, 4.5 in English; whole numbers without decimals.
    func number(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
