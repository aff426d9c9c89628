import SessionModel
import Graphics

/// A werkblad layout, read from a file in `Layouts/`: geometry, type, colours and labels.
public struct WerkbladLayout: Sendable, Hashable {
    public struct PageSpec: Sendable, Hashable {
        public var size: Size
        public var margin: Length
        public var gutter: Length
        public var gap: Length
        public var header: Length
        public var footer: Length
    }

    public struct TypeSpec: Sendable, Hashable {
        public var font: String
        public var title: Length
        public var subtitle: Length
        public var heading: Length
        public var label: Length
        public var text: Length
        public var minimum: Length
        public var small: Length
        public var lineSpacing: Double
        public var padding: Length
        public var guideSpacing: Length
        public var tableRowHeader: Length
        public var tableColumnHeader: Length
        /// The narrowest a column of a table may be before the table is set in blocks.
        public var tableMinColumn: Length

        /// The sizes text is set at when it must be smaller than `text`: one step halfway (to the
        /// half point), then `minimum`. Three body sizes at most, whatever the content.
        public var textSteps: [Length] {
            let half = Length.pt((((text.points + minimum.points) / 2) * 2).rounded(.down) / 2)
            return [text, half, minimum].reduce(into: []) { steps, size in if !steps.contains(size) { steps.append(size) } }
        }

        /// The largest step not above `size` (the minimum below all of them).
        public func step(atMost size: Length) -> Length {
            textSteps.first { $0 <= size + .pt(0.001) } ?? minimum
        }
    }

    public struct Palette: Sendable, Hashable {
        public var accent: Color
        public var text: Color
        public var muted: Color
        public var rule: Color
        public var tint: Color
        public var guide: Color
    }

    /// Relative width of a column: `base` plus a share per player or option column of its tables.
    public struct ColumnSpec: Sendable, Hashable {
        public var base: Double
        public var perPlayer: Double
        public var perOption: Double
        public var sections: [SectionSpec]

        public func weight(players: Int, options: Int) -> Double {
            base + perPlayer * Double(players) + perOption * Double(options)
        }
    }

    public struct SectionSpec: Sendable, Hashable {
        public var id: String
        public var number: Int
        public var title: LocalizedText
        public var height: Double
        public var items: [ItemSpec]
    }

    public struct BoxSpec: Sendable, Hashable {
        public var id: String
        public var label: LocalizedText
        public var height: Double
        /// Session fields (`kennismaken.dilemma`) whose text fills the box, in order.
        public var fields: [String]
        /// The box's share of a row's width (boxes side by side).
        public var width: Double = 1
    }

    public enum TableColumns: String, Sendable, Hashable { case spelers, opties }

    public struct TableSpec: Sendable, Hashable {
        public struct Row: Sendable, Hashable {
            public var label: LocalizedText
            public var field: String
        }

        public var id: String
        public var corner: LocalizedText
        public var columns: TableColumns
        public var height: Double
        public var rows: [Row]
    }

    public enum ItemSpec: Sendable, Hashable {
        case box(BoxSpec)
        case row([BoxSpec], height: Double)
        case table(TableSpec)

        public var height: Double {
            switch self {
            case .box(let b): return b.height
            case .row(_, let h): return h
            case .table(let t): return t.height
            }
        }
    }

    public var name: String
    /// The file it was read from.
    public var source: String
    public var page: PageSpec
    public var type: TypeSpec
    public var colors: Palette
    public var labels: [String: LocalizedText]
    public var columns: [ColumnSpec]

    /// A label by key; the key itself when the layout lacks it (the parser requires them all).
    public func label(_ key: String, _ language: Language) -> String {
        labels[key]?[language] ?? key
    }

    /// Every section, column by column.
    public var sections: [SectionSpec] { columns.flatMap(\.sections) }
}
