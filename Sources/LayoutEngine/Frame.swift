import Graphics

/// How a run of text looks.
public struct TextStyle: Sendable, Hashable {
    public var font: FontSpec
    public var color: Color
    public var alignment: TextAlignment
    public var lineSpacing: Double

    public init(font: FontSpec, color: Color = .black, alignment: TextAlignment = .left, lineSpacing: Double = 1.2) {
        self.font = font; self.color = color; self.alignment = alignment; self.lineSpacing = lineSpacing
    }

    public func sized(_ size: Length) -> TextStyle {
        var copy = self
        copy.font.size = size
        return copy
    }
}

/// Text placed in a box: `text` is set at `style` with the box's width and starts at its top left.
public struct TextItem: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    public var box: Rect
    /// The size the set text takes (measured), within `box`.
    public var measured: Size
    /// Bold or italic parts of the text.
    public var spans: [TextSpan]
    /// When the text is a part of a larger one (a paragraph of a box, tagged on its own): the whole
    /// and which of its lines this part is. It is drawn as those lines of the whole, exactly where
    /// the whole text has them, and the whole is laid out once for all its parts.
    public var excerpt: Excerpt?

    public struct Excerpt: Sendable, Hashable {
        public var whole: String
        /// Where the whole text starts (its box is as wide as this item's).
        public var origin: Point
        public var lines: Range<Int>

        public init(whole: String, origin: Point, lines: Range<Int>) {
            self.whole = whole; self.origin = origin; self.lines = lines
        }
    }

    public init(text: String, style: TextStyle, box: Rect, measured: Size, spans: [TextSpan] = [], excerpt: Excerpt? = nil) {
        self.text = text; self.style = style; self.box = box; self.measured = measured; self.spans = spans
        self.excerpt = excerpt
    }

    /// Where the text's ink may fall: its measured size at the box's origin.
    public var occupied: Rect {
        let dx: Length
        switch style.alignment {
        case .left: dx = .zero
        case .center: dx = (box.width - measured.width) / 2
        case .right: dx = box.width - measured.width
        }
        return Rect(x: box.x + dx, y: box.y, width: measured.width, height: measured.height)
    }
}

/// The structure role of tagged content, decided when the item is made: a heading knows its
/// level and a header cell its scope, so nothing is reconstructed from positions afterwards.
public enum StructureRole: Sendable, Hashable {
    public enum Scope: String, Sendable, Hashable { case column = "Column", row = "Row" }

    case section, heading(Int), paragraph, list, listItem, label, listBody, table, row, cell
    case header(Scope)
    /// A form field's widget at its place in reading order.
    case form

    /// The PDF standard structure type.
    public var tag: String {
        switch self {
        case .section: return "Sect"
        case .heading(let level): return "H\(min(max(level, 1), 6))"
        case .paragraph: return "P"
        case .list: return "L"
        case .listItem: return "LI"
        case .label: return "Lbl"
        case .listBody: return "LBody"
        case .table: return "Table"
        case .row: return "TR"
        case .cell: return "TD"
        case .header: return "TH"
        case .form: return "Form"
        }
    }
}

/// One thing drawn on a page.
public enum Item: Sendable, Hashable {
    case rect(Rect, fill: Color?, stroke: Color?, strokeWidth: Length = .pt(0.75), radius: Length = .zero)
    case line(from: Point, to: Point, color: Color, width: Length, dash: [Length] = [])
    case polygon([Point], fill: Color?, stroke: Color?, strokeWidth: Length = .pt(0.75), dash: [Length] = [])
    case ellipse(Rect, fill: Color?, stroke: Color?, strokeWidth: Length = .pt(0.75))
    case text(TextItem)
    /// A structure element of a tagged PDF around the items inside.
    case tagged(StructureRole, [Item])
    /// A figure: its items with an alternative text that says in words what they show.
    case figure(alt: String, [Item])
    /// Page furniture (running headers, page numbers): drawn outside the structure tree.
    case artifact([Item])
    /// Items scaled by `scale`, moved by `offset` and cut to `clip` (page coordinates): a part of a larger page.
    case clipped(Rect, offset: Point, scale: Double, [Item])
    /// A fillable text field: in a PDF a form field whose appearance is `field.appearance`;
    /// in an image just that appearance.
    case field(FormField)
}

extension Item {
    /// `items` with each text item for which `replacement` gives one replaced, at any depth.
    public static func replacingTexts(in items: [Item], _ replacement: (TextItem) -> TextItem?) -> [Item] {
        items.map { item in
            switch item {
            case .text(let t): return .text(replacement(t) ?? t)
            case let .tagged(role, inner): return .tagged(role, replacingTexts(in: inner, replacement))
            case let .figure(alt, inner): return .figure(alt: alt, replacingTexts(in: inner, replacement))
            case .artifact(let inner): return .artifact(replacingTexts(in: inner, replacement))
            case let .clipped(clip, offset, scale, inner): return .clipped(clip, offset: offset, scale: scale, replacingTexts(in: inner, replacement))
            case .rect, .line, .polygon, .ellipse, .field: return item
            }
        }
    }
}

/// A fillable text field of a PDF form: where it is, what it is called and holds, and how it
/// looks, drawn by werkblad (no viewer has to make its appearance).
public struct FormField: Sendable, Hashable {
    /// The field's flat, stable name (`/T`): `kennismaken_dilemma`, `verkennen_spelers_2_naam`.
    public var name: String
    /// What the field is called on paper (`/TU`): what a screen reader says.
    public var tooltip: String
    /// Where the field is on its page.
    public var rect: Rect
    /// The text it holds (`/V`).
    public var value: String
    /// The one size viewers set typed text in (`/DA`).
    public var fontSize: Length
    public var multiline: Bool
    /// The field's look with its value, in the field's own coordinates (top left 0, 0).
    public var appearance: [Item]

    public init(name: String, tooltip: String, rect: Rect, value: String, fontSize: Length, multiline: Bool, appearance: [Item]) {
        self.name = name; self.tooltip = tooltip; self.rect = rect; self.value = value
        self.fontSize = fontSize; self.multiline = multiline; self.appearance = appearance
    }
}

/// A laid-out page: positioned items, nothing left to decide.
public struct Frame: Sendable, Hashable {
    public var size: Size
    public var items: [Item]
    /// A bookmark for the page in the PDF outline.
    public var outlineTitle: String?
    /// Bookmarks below the page's own, for parts of it (level 1 = child of the page's bookmark).
    public var outline: [OutlineEntry] = []

    public init(size: Size, items: [Item] = [], outlineTitle: String? = nil) {
        self.size = size; self.items = items; self.outlineTitle = outlineTitle
    }

    /// The alternative texts of the page's figures, in reading order.
    public var figureTexts: [String] {
        func collect(_ items: [Item]) -> [String] {
            items.flatMap { item -> [String] in
                switch item {
                case .figure(let alt, let inner): return [alt] + collect(inner)
                case .tagged(_, let inner), .clipped(_, _, _, let inner), .artifact(let inner): return collect(inner)
                default: return []
                }
            }
        }
        return collect(items)
    }

    /// The page's form fields, in drawing (and reading) order.
    public var fields: [FormField] {
        var found: [FormField] = []
        forEachLeaf { if case .field(let f) = $0 { found.append(f) } }
        return found
    }

    /// Whether the frame holds a form field anywhere: `!fields.isEmpty` without copying any.
    public var hasFields: Bool {
        var found = false
        visitLeaves { if case .field = $0 { found = true; return false }; return true }
        return found
    }

    /// Calls `body` with every text item, depth first in drawing order, without collecting them.
    public func forEachText(_ body: (TextItem) -> Void) {
        forEachLeaf { if case .text(let t) = $0 { body(t) } }
    }

    /// Every text item, depth first in drawing order.
    public var textItems: [TextItem] {
        // Into one array: a list of thousands of tagged items made an array per item.
        var found: [TextItem] = []
        forEachText { found.append($0) }
        return found
    }

    /// Calls `body` with every item that holds no others, depth first in drawing order.
    private func forEachLeaf(_ body: (Item) -> Void) {
        visitLeaves { body($0); return true }
    }

    /// The same, until `body` returns false.
    private func visitLeaves(_ body: (Item) -> Bool) {
        func visit(_ items: [Item]) -> Bool {
            for item in items {
                switch item {
                case .tagged(_, let inner), .figure(_, let inner), .clipped(_, _, _, let inner), .artifact(let inner):
                    guard visit(inner) else { return false }
                default:
                    guard body(item) else { return false }
                }
            }
            return true
        }
        _ = visit(items)
    }
}

/// A bookmark in the PDF outline.
public struct OutlineEntry: Sendable, Hashable {
    public var title: String
    /// 0 = top level.
    public var level: Int
    /// Where on the page it points, from the top.
    public var top: Length

    public init(title: String, level: Int, top: Length = .zero) { self.title = title; self.level = level; self.top = top }
}
