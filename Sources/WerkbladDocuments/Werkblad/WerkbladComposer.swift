import SessionModel
import Graphics
import LayoutEngine

/// Lays out the A3 werkblad from a layout and content into frames: the werkblad page and,
/// when text did not fit, continuation sheets.
public final class WerkbladComposer {
    public let layout: WerkbladLayout
    let fitter: TextFitter
    public internal(set) var overflow: [Overflow] = []
    /// Boxes whose text was set smaller than the layout's size.
    public internal(set) var shrunk: [Overflow] = []
    /// Form fields whose value shows only in part even at the smallest size (the value is whole).
    public internal(set) var formOverflow: [Overflow] = []
    /// The form fields made, in reading order.
    public internal(set) var fields: [FormField] = []
    /// Row needs measured while dividing the column, reused when the table is laid out.
    private var rowNeedsByTable: [String: [Length]] = [:]
    /// The "vervolg op blad N" line under a box that continues, by the index of its overflow:
    /// placed with the box, its sheet number filled in once the vervolgbladen are laid out.
    private var markers: [Int: TextItem] = [:]
    /// The language of the content being composed.
    private var language = Language.nl

    public init(layout: WerkbladLayout, fitter: TextFitter) {
        self.layout = layout
        self.fitter = fitter
    }

    var page: WerkbladLayout.PageSpec { layout.page }
    var type: WerkbladLayout.TypeSpec { layout.type }
    var colors: WerkbladLayout.Palette { layout.colors }

    func style(_ size: Length, bold: Bool = false, color: Color? = nil, align: TextAlignment = .left) -> TextStyle {
        TextStyle(font: FontSpec(family: type.font, size: size, weight: bold ? .bold : .regular),
                  color: color ?? colors.text, alignment: align, lineSpacing: type.lineSpacing)
    }

    /// The werkblad page followed by any continuation sheets.
    public func compose(_ content: WerkbladContent) -> [Frame] {
        overflow = []
        shrunk = []
        formOverflow = []
        fields = []
        rowNeedsByTable = [:]
        markers = [:]
        language = content.language
        var items: [Item] = []
        items += header(content)
        let m = page.margin
        let area = Rect(x: m, y: m + page.header, width: page.size.width - m * 2,
                        height: page.size.height - m * 2 - page.header - page.footer)
        let weights = layout.columns.map { $0.weight(players: content.players, options: content.options) }
        let total = weights.reduce(0, +)
        let free = area.width - page.gutter * Double(layout.columns.count - 1)
        var x = area.x
        var sections: [(number: Int, items: [Item])] = []
        for (column, weight) in zip(layout.columns, weights) {
            let width = free * (weight / total)
            sections += self.column(column, in: Rect(x: x, y: area.y, width: width, height: area.height), content)
            x += width + page.gutter
        }
        // Step order, whatever column a section stands in: the order a screen reader reads.
        for section in sections.sorted(by: { $0.number < $1.number }) { items.append(.tagged(.section, section.items)) }
        items += footer(content)
        let title = layout.label("title", content.language)
        var frames = [Frame(size: page.size, items: items, outlineTitle: title)]
        // A form keeps every word in its fields (a viewer scrolls); vervolgbladen are for paper.
        if !content.fillable {
            let (sheets, startSheet) = continuationSheets(content)
            frames += sheets
            // Each box that continues says where: the sheet its text goes on (the werkblad is blad 1).
            let filled = Dictionary(uniqueKeysWithValues: markers.map { index, placeholder in
                (placeholder, markerItem(sheet: (startSheet[index] ?? 0) + 2, at: placeholder.box.origin,
                                         width: placeholder.box.width))
            })
            // Most werkbladen fit on the sheet: nothing to replace, no text item hashed.
            if !filled.isEmpty { frames[0].items = Item.replacingTexts(in: frames[0].items) { filled[$0] } }
        }
        // The sheets are numbered when there is more than one.
        if frames.count > 1 {
            for i in frames.indices { frames[i].items.append(sheetNumber(i + 1, of: frames.count, content)) }
        }
        return frames
    }

    /// "blad 2 van 5", right in the footer: page furniture, outside the structure.
    private func sheetNumber(_ n: Int, of total: Int, _ c: WerkbladContent) -> Item {
        let m = page.margin
        let label = layout.label("sheet", c.language).replacingAll("{n}", with: "\(n)").replacingAll("{total}", with: "\(total)")
        let width = sheetNumberWidth
        return .artifact([.text(text(label, style(type.small, bold: true, color: colors.muted, align: .right),
                                     at: Point(x: page.size.width - m - width, y: page.size.height - m - page.footer + .mm(2)),
                                     width: width))])
    }

    /// The room the sheet number takes at the right of the footer.
    private var sheetNumberWidth: Length { .mm(32) }

    /// The style of the line under a box that continues.
    private var markerStyle: TextStyle { style(max(type.small, .pt(8)), bold: true, color: colors.accent) }

    /// The height of that line, measured once.
    private lazy var markerLine: Length = fitter.measure("Ag", style: markerStyle, width: nil).height

    /// The line under a box that continues, naming the sheet.
    /// In a narrow cell the short form, so that it stays one line.
    private func markerItem(sheet: Int, at origin: Point, width: Length) -> TextItem {
        var label = layout.label("continues", language)
        // Chosen for a two-digit number, so that the placeholder and the marker take the same form.
        let probe = label.replacingAll("{n}", with: "\(max(sheet, 10))")
        if fitter.measure(probe, style: markerStyle, width: nil).width > width { label = layout.label("continues-short", language) }
        return oneLine(label.replacingAll("{n}", with: "\(sheet)"), markerStyle, at: origin, width: width)
    }

    /// `string` fitted into `rect`; when it does not fit, fitted again into `rect` less one line
    /// for the marker, whose place is returned.
    private func fitLeavingRoomForMarker(_ string: String, _ textStyle: TextStyle, in rect: Rect,
                                         minimumSize: Length, hyphenate: Bool = true) -> (FitResult, markerAt: Rect?) {
        var result = fitter.fit(string, style: textStyle, in: rect.size, minimumSize: minimumSize, hyphenate: hyphenate)
        // Set smaller only in the steps of the type scale.
        let step = type.step(atMost: result.fontSize)
        if result.overflow == nil, result.fontSize < textStyle.font.size, step < result.fontSize {
            result = fitter.fit(string, style: textStyle.sized(step), in: rect.size, minimumSize: step, hyphenate: hyphenate)
        }
        guard result.overflow != nil else { return (result, nil) }
        let line = markerLine
        let room = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - line - .mm(0.5))
        guard room.height > .zero else {
            // No room for text and marker: the marker, and all of the text continues.
            return (FitResult(text: "", fontSize: result.fontSize, measured: Size(width: .zero, height: .zero),
                              overflow: string, shrunk: true), Rect(x: rect.x, y: rect.y, width: rect.width, height: line))
        }
        let again = fitter.fit(string, style: textStyle, in: room.size, minimumSize: minimumSize, hyphenate: hyphenate)
        return (again, Rect(x: rect.x, y: rect.maxY - line, width: rect.width, height: line))
    }

    // MARK: Header and footer

    private func header(_ c: WerkbladContent) -> [Item] {
        let m = page.margin
        let lang = c.language
        var items: [Item] = []
        // On a landscape sheet the facts stand in one row beside the title; on a portrait one in
        // two rows (date, time, place; leader and owner), taking more of the width.
        let landscape = page.size.width > page.size.height
        let leftWidth = (page.size.width - m * 2) * (landscape ? 0.38 : 0.4)
        let titleStyle = style(type.title, bold: true, color: colors.accent)
        let title = text(layout.label("title", lang), titleStyle, at: Point(x: m, y: m - .mm(1.5)), width: leftWidth)
        items.append(.tagged(.heading(1), [.text(title)]))
        let subRect = Rect(x: m, y: title.box.maxY + .mm(0.5), width: leftWidth, height: m + page.header - .mm(4) - title.box.maxY)
        if c.fillable {
            items += formField("sessie.titel", tooltip: layout.label("form-title", lang), in: subRect, size: type.subtitle,
                               bold: true, multiline: false, c)
        } else {
            let sub = c.facts.title ?? layout.label("subtitle", lang)
            let subStyle = c.facts.title == nil ? style(type.subtitle, color: colors.muted) : style(type.subtitle, bold: true)
            items += fitted(sub, subStyle, in: subRect, source: layout.label("title", lang))
        }
        // Facts: label above, value or a writing line below, with room for a name written by hand.
        let facts: [(String, String?)] = [
            ("date", c.facts.date), ("time", c.facts.time), ("place", c.facts.place),
            ("leader", c.facts.leader), ("owner", c.facts.owner),
        ]
        let gridX = m + leftWidth + .mm(10)
        let gridWidth = page.size.width - m - gridX
        let cellGap = Length.mm(6)
        let rowHeight = landscape ? page.header - .mm(5) : (page.header - .mm(5)) / 2
        let weights: [Double] = [0.95, 0.7, 1.25, 1.05, 1.05]
        let unit = (gridWidth - cellGap * 4) / weights.reduce(0, +)
        let cellWidth = (gridWidth - cellGap * 2) / 3
        for (i, (key, value)) in facts.enumerated() {
            let row = landscape ? 0 : i / 3
            let x: Length, width: Length
            if landscape {
                x = gridX + unit * weights[..<i].reduce(0, +) + cellGap * Double(i)
                width = unit * weights[i]
            } else {
                // Row one: date, time and the place, which is longest; row two: leader and owner,
                // each one and a half cells wide.
                let rowOne: [Double] = [0.85, 0.7, 1.45]
                x = row == 0 ? gridX + (cellWidth + cellGap) * rowOne[..<i].reduce(0, +) : gridX + (cellWidth + cellGap) * Double(i - 3) * 1.5
                width = row == 0 ? cellWidth * rowOne[i] : cellWidth * 1.5 + .mm(3)
            }
            let y = m + rowHeight * Double(row) - .mm(1)
            let labelItem = text(layout.label(key, lang), style(type.small, color: colors.muted), at: Point(x: x, y: y), width: width)
            // The label is content, read just before its value ("Gespreksleider", "Yvonne de Wit").
            items.append(.tagged(.paragraph, [.text(labelItem)]))
            // The writing line 10 mm under the label where the row has room, else at its foot.
            let lineY = min(y + rowHeight - .mm(1.5), labelItem.box.maxY + .mm(10))
            if c.fillable {
                let path = ["date": "sessie.datum", "time": "sessie.tijd", "place": "sessie.locatie",
                            "leader": "sessie.gespreksleider", "owner": "sessie.dilemma-eigenaar"][key]!
                let tooltip = key == "date" || key == "time" ? layout.label("form-" + key, lang) : layout.label(key, lang)
                items += formField(path, tooltip: tooltip, in: Rect(x: x, y: labelItem.box.maxY, width: width, height: lineY - labelItem.box.maxY),
                                   size: type.label, multiline: false, c)
                items.append(.line(from: Point(x: x, y: lineY), to: Point(x: x + width, y: lineY), color: colors.rule, width: .pt(0.6)))
            } else if let value {
                let room = Rect(x: x, y: labelItem.box.maxY, width: width, height: y + rowHeight - .mm(1.5) - labelItem.box.maxY)
                // A short fact (a date, a name) that does not fit as it is stays on its line, set
                // smaller if that is enough, rather than going to a vervolgblad.
                let single = oneLine(value, style(type.label), at: room.origin, width: room.width)
                if fitter.fit(value, style: style(type.label), in: room.size, minimumSize: type.minimum).overflow != nil,
                   !value.contains("\n"), single.measured.height <= room.height, single.measured.width <= room.width + .pt(0.01) {
                    items.append(.tagged(.paragraph, [.text(single)]))
                } else {
                    items += fitted(value, style(type.label), in: room, source: layout.label(key, lang))
                }
            } else {
                items.append(.line(from: Point(x: x, y: lineY), to: Point(x: x + width, y: lineY),
                                   color: colors.rule, width: .pt(0.6)))
            }
        }
        let ruleY = m + page.header - .mm(3)
        items.append(.line(from: Point(x: m, y: ruleY), to: Point(x: page.size.width - m, y: ruleY),
                           color: colors.accent, width: .pt(1.5)))
        return items
    }

    private func footer(_ c: WerkbladContent) -> [Item] {
        let m = page.margin
        let y = page.size.height - m - page.footer + .mm(2)
        let width = (page.size.width - m * 2) / 2
        if page.size.height > page.size.width {
            // A portrait sheet is too narrow for both on one line: the approach, and under it the
            // reporting rule, each on a line of its own beside the sheet number.
            let full = page.size.width - m * 2 - (overflow.isEmpty || c.fillable ? .zero : sheetNumberWidth + .mm(3))
            let top = page.size.height - m - page.footer + .mm(1)
            let first = text(layout.label("footer", c.language), style(type.small, color: colors.muted), at: Point(x: m, y: top), width: full)
            var items: [Item] = [.text(first)]
            if let note = c.footnote {
                items.append(.tagged(.paragraph, [.text(text(note, style(type.small, color: colors.muted), at: Point(x: m, y: first.box.maxY),
                                                             width: full))]))
            }
            return items
        }
        var items: [Item] = [.text(text(layout.label("footer", c.language), style(type.small, color: colors.muted),
                                        at: Point(x: m, y: y), width: width))]
        if let note = c.footnote {
            // The reporting rule is content: the reader must know the record follows the Chatham House Rule.
            // It ends before the sheet number, which stands at the right when there are vervolgbladen.
            let room = overflow.isEmpty || c.fillable ? width : width - sheetNumberWidth - .mm(3)
            items.append(.tagged(.paragraph, [.text(text(note, style(type.small, color: colors.muted, align: .right),
                                                         at: Point(x: m + width, y: y), width: room))]))
        }
        return items
    }

    // MARK: Columns and sections

    /// A column's sections, each with its number; the caller puts them in step order (the reading order).
    private func column(_ column: WerkbladLayout.ColumnSpec, in rect: Rect, _ c: WerkbladContent) -> [(number: Int, items: [Item])] {
        let headingHeight = type.heading * 2
        let sectionGap = page.gap * 2
        let n = Double(column.sections.count)
        let free = rect.height - headingHeight * n - sectionGap * (n - 1)
        let itemNeeds = column.sections.map { $0.items.map { need($0, width: rect.width, c) } }
        let needs = itemNeeds.map { parts -> Length in
            let total = parts.reduce(.zero, +)
            return total > .zero ? total + page.gap * Double(parts.count - 1) : .zero
        }
        // The grid holds: when every section's text fits its share on the blank, the sections keep
        // those shares, so that the step headings stand on the same lines as on the blank. Only a
        // column whose text needs more is divided by need (readable text before aligned headings).
        // Within a section its boxes share the room by need, an empty box keeping its blank share.
        let blank = distribute(free, weights: column.sections.map(\.height), needs: [])
        let heights = zip(needs, blank).allSatisfy { $0 <= $1 } ? blank
            : distribute(free, weights: column.sections.map(\.height), needs: needs)
        var y = rect.y
        var sections: [(Int, [Item])] = []
        // By index: a zip of zips is a generic type the runtime looks up (a scan of every
        // conformance record) on a cold run's first werkblad.
        for index in column.sections.indices {
            let (section, bodyHeight, sectionNeeds) = (column.sections[index], heights[index], itemNeeds[index])
            var items = heading(section, at: Point(x: rect.x, y: y), width: rect.width, height: headingHeight, c.language)
            let body = Rect(x: rect.x, y: y + headingHeight, width: rect.width, height: bodyHeight)
            items += sectionBody(section, in: body, needs: sectionNeeds, c)
            sections.append((section.number, items))
            y = body.maxY + sectionGap
        }
        return sections
    }

    private func heading(_ s: WerkbladLayout.SectionSpec, at p: Point, width: Length, height: Length, _ lang: Language) -> [Item] {
        let diameter = type.heading * 1.55
        let top = p.y + (height - diameter) / 2 - .mm(0.8)
        let badge = Rect(x: p.x, y: top, width: diameter, height: diameter)
        let numberStyle = style(type.heading, bold: true, color: .white, align: .center)
        let number = String(s.number)
        let numberSize = fitter.measure(number, style: numberStyle, width: diameter)
        let numberItem = TextItem(text: number, style: numberStyle,
                                  box: Rect(x: badge.x, y: badge.y + (diameter - numberSize.height) / 2, width: diameter,
                                            height: numberSize.height), measured: numberSize)
        let titleStyle = style(type.heading, bold: true, color: colors.accent)
        // The title starts with a space, drawn in the gap after the badge, so that a reader of the
        // heading gets "1 Kennismaken" rather than "1Kennismaken"; the visible text stays put.
        let title = " " + s.title[lang]
        let space = fitter.measure(title, style: titleStyle, width: nil).width - fitter.measure(s.title[lang], style: titleStyle, width: nil).width
        let titleX = p.x + diameter + .mm(2.5) - space
        let titleSize = fitter.measure(title, style: titleStyle, width: nil)
        let titleItem = TextItem(text: title, style: titleStyle,
                                 box: Rect(x: titleX, y: badge.y + (diameter - titleSize.height) / 2,
                                           width: width - (titleX - p.x), height: titleSize.height), measured: titleSize)
        return [.tagged(.heading(2), [
            .ellipse(badge, fill: colors.accent, stroke: nil),
            .text(numberItem), .text(titleItem),
        ])]
    }

    private func sectionBody(_ s: WerkbladLayout.SectionSpec, in rect: Rect, needs: [Length], _ c: WerkbladContent) -> [Item] {
        let n = Double(s.items.count)
        let free = rect.height - page.gap * (n - 1)
        let totalWeight = s.items.map(\.height).reduce(0, +)
        let blank = s.items.map { free * ($0.height / totalWeight) }
        // Nothing to say: all as on the blank; else an empty box asks for its blank share.
        let asked = needs.allSatisfy { $0 == .zero } ? [] : zip(needs, blank).map { $0 == .zero ? $1 : $0 }
        let heights = distribute(free, weights: s.items.map(\.height), needs: asked)
        var y = rect.y
        var items: [Item] = []
        let prefix = "\(s.number). \(s.title[c.language])"
        for (item, height) in zip(s.items, heights) {
            let r = Rect(x: rect.x, y: y, width: rect.width, height: height)
            switch item {
            case .box(let box):
                items += self.box(box, in: r, c, source: prefix)
            case .row(let boxes, _) where stacks(boxes, in: r.width):
                // Too narrow side by side (a first column beside eight players): one above the other.
                let h = (r.height - page.gap * Double(boxes.count - 1)) / Double(boxes.count)
                for (i, box) in boxes.enumerated() {
                    items += self.box(box, in: Rect(x: r.x, y: r.y + (h + page.gap) * Double(i), width: r.width, height: h), c, source: prefix)
                }
            case .row(let boxes, _):
                var x = r.x
                for (box, w) in zip(boxes, rowWidths(boxes, in: r.width)) {
                    items += self.box(box, in: Rect(x: x, y: r.y, width: w, height: r.height), c, source: prefix)
                    x += w + page.gap
                }
            case .table(let table):
                items += self.table(table, in: r, c, source: prefix)
            }
            y += height + page.gap
        }
        return items
    }

    /// Whether a row's boxes stand one above the other: when side by side one would be narrower
    /// than the narrowest column a table may have (25 mm on A3).
    private func stacks(_ boxes: [WerkbladLayout.BoxSpec], in width: Length) -> Bool {
        rowWidths(boxes, in: width).contains { $0 < type.tableMinColumn }
    }

    /// The widths of boxes side by side in `width`, by their width weights.
    private func rowWidths(_ boxes: [WerkbladLayout.BoxSpec], in width: Length) -> [Length] {
        let free = width - page.gap * Double(boxes.count - 1)
        let total = boxes.map(\.width).reduce(0, +)
        return boxes.map { free * ($0.width / total) }
    }

    /// Divides `available` over parts: by weight when nothing needs room (a blank werkblad);
    /// else each part gets what it needs and the rest by weight; when needs exceed the space,
    /// each part keeps 40 % of its weighted share and the rest goes by need.
    func distribute(_ available: Length, weights: [Double], needs: [Length]) -> [Length] {
        let totalWeight = weights.reduce(0, +)
        let share = weights.map { available * ($0 / totalWeight) }
        let totalNeed = needs.reduce(.zero, +)
        guard totalNeed > .zero else { return share }
        if totalNeed <= available {
            let extra = available - totalNeed
            return zip(needs, weights).map { $0 + extra * ($1 / totalWeight) }
        }
        let floors = share.map { $0 * 0.4 }
        let rest = available - floors.reduce(.zero, +)
        return zip(floors, needs).map { $0 + rest * ($1 / totalNeed) }
    }

    /// The height an item needs to show its text at the normal size; zero when it is empty.
    private func need(_ item: WerkbladLayout.ItemSpec, width: Length, _ c: WerkbladContent) -> Length {
        switch item {
        case .box(let box):
            return boxNeed(box, width: width, c)
        case .row(let boxes, _) where stacks(boxes, in: width):
            let needs = boxes.map { boxNeed($0, width: width, c) }
            // Stacked boxes share the height equally, so the row needs the largest need in each.
            return needs.allSatisfy { $0 == .zero } ? .zero
                : (needs.max() ?? .zero) * Double(boxes.count) + page.gap * Double(boxes.count - 1)
        case .row(let boxes, _):
            return zip(boxes, rowWidths(boxes, in: width)).map { boxNeed($0, width: $1, c) }.max() ?? .zero
        case .table(let t):
            let count = t.columns == .spelers ? c.players : c.options
            let blocks = tableBlocks(count: count, width: width)
            let perBlock = (count + blocks - 1) / blocks
            let rowHeader = min(type.tableRowHeader, width * 0.3)
            let cellWidth = (width - rowHeader) / Double(max(perBlock, 1)) - type.padding * 2
            let rows = rowNeeds(t, c, cellWidth: cellWidth, count: count)
            rowNeedsByTable[t.id] = rows
            let total = rows.reduce(.zero, +)
            return total > .zero ? (total + type.tableColumnHeader * 1.6) * Double(blocks) : .zero
        }
    }

    private func boxNeed(_ box: WerkbladLayout.BoxSpec, width: Length, _ c: WerkbladContent) -> Length {
        let body = box.fields.compactMap { c.fields[$0] }.joined(separator: "\n\n")
        guard !body.isEmpty else { return .zero }
        let inner = width - type.padding * 2
        let label = fitter.measure(box.label[c.language], style: style(type.label, bold: true), width: inner).height
        return label + .mm(2) + measureAtNormalSize(body, width: inner) + type.padding * 2
    }

    private func measureAtNormalSize(_ text: String, width: Length) -> Length {
        let s = style(type.text)
        // Text that needs more than a page at the normal size only needs to be known as "a lot".
        let bound = fitter.minimumHeight(text, style: s, width: width, limit: page.size.height * 2)
        if bound > page.size.height { return bound }
        return fitter.measure(fitter.hyphenated(text, style: s, width: width), style: s, width: width).height
    }

    // MARK: Boxes

    private func box(_ box: WerkbladLayout.BoxSpec, in rect: Rect, _ c: WerkbladContent, source: String) -> [Item] {
        var items: [Item] = [.rect(rect, fill: .white, stroke: colors.rule, strokeWidth: .pt(0.8), radius: .mm(1.5))]
        let inner = rect.inset(by: type.padding)
        let label = text(box.label[c.language], style(type.label, bold: true, color: colors.accent), at: inner.origin,
                         width: inner.width)
        items.append(.tagged(.heading(3), [.text(label)]))
        let writing = Rect(x: inner.x, y: label.box.maxY + .mm(2), width: inner.width,
                           height: inner.maxY - label.box.maxY - .mm(2))
        if c.fillable {
            // One field per field of the format, the box's room shared among them, so that each
            // text reads back into its own place.
            // Pre-filled, each field gets the room its text needs and the rest evenly; one text size
            // for the box, the smallest any of its fields needs.
            let n = Double(box.fields.count)
            let gap = Length.mm(1.5)
            let values = box.fields.map { c.formValues[FieldRegistry.formName($0)] ?? "" }
            let needs = values.map { $0.isEmpty ? Length.zero : measureAtNormalSize($0, width: writing.width) }
            let heights = distribute(writing.height - gap * (n - 1), weights: box.fields.map { _ in 1 }, needs: needs)
            let rects = heights.indices.map { i in
                Rect(x: writing.x, y: writing.y + heights[..<i].reduce(.zero, +) + gap * Double(i), width: writing.width, height: heights[i])
            }
            let size = zip(values, rects).filter { !$0.0.isEmpty }
                .map { fitter.fit($0.0, style: style(type.text), in: $0.1.size, minimumSize: type.minimum).fontSize }.min() ?? type.text
            for (i, path) in box.fields.enumerated() {
                let tooltip = box.fields.count == 1 ? box.label[c.language] : (FieldRegistry.field(path)?.label[c.language] ?? path)
                items += formField(path, tooltip: tooltip, in: rects[i], size: size, multiline: true, c)
            }
            return items
        }
        let filled = box.fields.filter { c.fields[$0] != nil }
        let body = filled.compactMap { c.fields[$0] }.joined(separator: "\n\n")
        if body.isEmpty {
            if c.guideLines { items += guides(in: writing) }
        } else {
            items += fitted(body, style(type.text), in: writing, source: "\(source) › \(box.label[c.language])", key: filled.first)
        }
        return items
    }

    private func guides(in rect: Rect) -> [Item] {
        var items: [Item] = []
        var y = rect.y + type.guideSpacing
        while y <= rect.maxY - .mm(1) {
            items.append(.line(from: Point(x: rect.x, y: y), to: Point(x: rect.maxX, y: y), color: colors.guide, width: .pt(0.5)))
            y += type.guideSpacing
        }
        return items
    }

    // MARK: Tables

    /// A table of players or options. When the columns would be narrower than the layout's
    /// `table-min-column`, the table is set in blocks stacked in its place (players A–D above
    /// E–H), each with its own column heads and row labels, so that every column keeps room to write.
    private func table(_ t: WerkbladLayout.TableSpec, in rect: Rect, _ c: WerkbladContent, source: String) -> [Item] {
        let count = t.columns == .spelers ? c.players : c.options
        let blocks = tableBlocks(count: count, width: rect.width)
        guard blocks > 1 else { return tableBlock(t, in: rect, c, source: source, columns: 0..<count) }
        let perBlock = (count + blocks - 1) / blocks
        let height = (rect.height - page.gap * Double(blocks - 1)) / Double(blocks)
        return (0..<blocks).flatMap { b in
            tableBlock(t, in: Rect(x: rect.x, y: rect.y + (height + page.gap) * Double(b), width: rect.width, height: height), c,
                       source: source, columns: (b * perBlock)..<min(count, (b + 1) * perBlock))
        }
    }

    /// How many blocks a table of `count` columns is set in, in `width`.
    private func tableBlocks(count: Int, width: Length) -> Int {
        let rowHeader = min(type.tableRowHeader, width * 0.3)
        let fit = max(1, Int(((width - rowHeader) / type.tableMinColumn).rounded(.down)))
        return max(1, (count + fit - 1) / fit)
    }

    /// One block of a table: the columns `columns` (players or options) beside the row labels.
    private func tableBlock(_ t: WerkbladLayout.TableSpec, in rect: Rect, _ c: WerkbladContent, source: String,
                            columns: Range<Int>) -> [Item] {
        let isPlayers = t.columns == .spelers
        let all = isPlayers ? c.players : c.options
        // Positions count from the block's first column (i); contents from the table's (first + i).
        let first = columns.lowerBound
        let count = columns.count
        let allNames = isPlayers ? c.playerNames : c.optionTitles
        let names = (0..<count).map { allNames[safe: first + $0] ?? nil }
        let headers = (first..<(first + count)).map { i -> String in
            let n = isPlayers ? String(UnicodeScalar(UInt8(65 + i))) : String(i + 1)
            return layout.label(isPlayers ? "player" : "option", c.language).replacingAll("{n}", with: n)
        }
        // What a vervolgblad calls a column: "Speler D · Provincie Fryslân".
        let named = (0..<count).map { i in (names[safe: i] ?? nil).map { "\(headers[i]) · \($0)" } ?? headers[i] }
        let pad = type.padding
        let rowHeaderWidth = min(type.tableRowHeader, rect.width * 0.3)
        let colWidth = (rect.width - rowHeaderWidth) / Double(max(count, 1))
        let headerStyle = style(type.label, bold: true, color: colors.accent)
        let nameStyle = style(type.label)

        // Column header height: room for the tallest header (label plus name).
        var headerHeight = type.tableColumnHeader
        for i in 0..<count {
            var h = oneLine(headers[i], headerStyle, at: .zero, width: colWidth - pad * 2).box.height
            if let name = names[safe: i] ?? nil { h += fitter.measure(name, style: nameStyle, width: colWidth - pad * 2).height }
            // A form leaves room for a name of two lines under every "Speler A".
            if c.fillable { h = max(h, oneLine(headers[i], headerStyle, at: .zero, width: colWidth - pad * 2).box.height
                                        + fitter.measure("Ag\nAg", style: nameStyle, width: nil).height) }
            // At most 30 % of the table, but always room for a name of two lines at the smallest size.
            let twoLines = oneLine(headers[i], headerStyle, at: .zero, width: colWidth - pad * 2).box.height
                + fitter.measure("Ag\nAg", style: nameStyle.sized(type.minimum), width: nil).height
            headerHeight = max(headerHeight, min(h + pad * 2, max(rect.height * 0.3, twoLines + pad * 2)))
        }
        var items: [Item] = []
        let headerRow = Rect(x: rect.x, y: rect.y, width: rect.width, height: headerHeight)
        let rowHeaderColumn = Rect(x: rect.x, y: rect.y, width: rowHeaderWidth, height: rect.height)
        items.append(.rect(rect, fill: .white, stroke: nil))
        items.append(.rect(headerRow, fill: colors.tint, stroke: nil))
        items.append(.rect(rowHeaderColumn, fill: colors.tint, stroke: nil))

        // Structure: a header row (the corner and a TH per column), then per row a TH and its TD cells.
        let corner = text(t.corner[c.language], style(type.label, bold: true), at: Point(x: rect.x + pad, y: rect.y + pad),
                          width: rowHeaderWidth - pad * 2)
        var headerCells: [Item] = [.tagged(.header(.column), [.text(corner)])]
        // The names under the column labels: one size for the row, the smallest any name needs.
        var nameSize = nameStyle.font.size
        if !c.fillable {
            for i in 0..<count {
                guard let name = names[safe: i] ?? nil else { continue }
                let inner = Rect(x: .zero, y: .zero, width: colWidth, height: headerHeight).inset(by: pad)
                let label = oneLine(headers[i], headerStyle, at: inner.origin, width: inner.width)
                let room = Size(width: inner.width, height: inner.maxY - label.box.maxY)
                guard room.height > .zero else { continue }
                let fitted = fitter.fit(name, style: nameStyle, in: room, minimumSize: type.minimum, hyphenate: false).fontSize
                nameSize = min(nameSize, fitted < nameStyle.font.size ? type.step(atMost: fitted) : fitted)
            }
        }
        for i in 0..<count {
            let cell = Rect(x: rect.x + rowHeaderWidth + colWidth * Double(i), y: rect.y, width: colWidth, height: headerHeight)
            let inner = cell.inset(by: pad)
            let label = oneLine(headers[i], headerStyle, at: inner.origin, width: inner.width)
            var cellItems: [Item] = [.text(label)]
            if c.fillable {
                let path = isPlayers ? "verkennen.spelers[].naam" : "afwegen.opties[].titel"
                let tooltip = layout.label(isPlayers ? "form-player-name" : "form-option-title", c.language)
                    .replacingAll("{column}", with: headers[i])
                cellItems += formField(path, index: first + i, tooltip: tooltip,
                                       in: Rect(x: inner.x, y: label.box.maxY, width: inner.width, height: inner.maxY - label.box.maxY),
                                       size: type.label, multiline: true, c)
            } else if let name = names[safe: i] ?? nil {
                // A name is not broken at syllables: it wraps at spaces, smaller if it must.
                cellItems += fitted(name, nameStyle.sized(nameSize), in: Rect(x: inner.x, y: label.box.maxY, width: inner.width,
                                                              height: inner.maxY - label.box.maxY), source: "\(source) › \(headers[i])",
                                    hyphenate: false)
            }
            headerCells.append(.tagged(.header(.column), cellItems))
        }
        var rowCells: [[Item]] = t.rows.map { _ in [] }
        // A form's cells: one size for the table, the smallest any pre-filled cell needs.
        var formSize = type.text
        // Every cell gets a TD, empty or not, so the table's structure is whole.
        var dataCells: [[Item]] = t.rows.map { _ in Array(repeating: Item.tagged(.cell, []), count: count) }
        let heights = rowHeights(t, c, available: rect.height - headerHeight, cellWidth: colWidth - pad * 2, count: all)
        let rowTops = heights.indices.map { r in rect.y + headerHeight + heights[..<r].reduce(.zero, +) }
        if c.fillable {
            for (r, row) in t.rows.enumerated() {
                for i in 0..<count {
                    let name = FieldRegistry.formName((isPlayers ? "verkennen.spelers[]." : "afwegen.opties[].") + row.field, index: first + i)
                    guard let value = c.formValues[name], !value.isEmpty else { continue }
                    let inner = Rect(x: rect.x + rowHeaderWidth + colWidth * Double(i), y: rowTops[r], width: colWidth, height: heights[r]).inset(by: pad)
                    formSize = min(formSize, fitter.fit(value, style: style(type.text), in: inner.size, minimumSize: type.minimum).fontSize)
                }
            }
        }
        // Body cells: one text size for the whole table, the smallest any cell needs, so the table reads evenly.
        var cells: [(value: String, inner: Rect, key: String, source: String, row: Int, column: Int)] = []
        for (r, row) in t.rows.enumerated() {
            let y = rowTops[r]
            let labelCell = Rect(x: rect.x, y: y, width: rowHeaderWidth, height: heights[r]).inset(by: pad)
            rowCells[r].append(.tagged(.header(.row), [.text(text(row.label[c.language], style(type.label, bold: true, color: colors.accent),
                                                         at: labelCell.origin, width: labelCell.width))]))
            for i in 0..<count {
                let inner = Rect(x: rect.x + rowHeaderWidth + colWidth * Double(i), y: y, width: colWidth, height: heights[r]).inset(by: pad)
                if c.fillable {
                    let path = (isPlayers ? "verkennen.spelers[]." : "afwegen.opties[].") + row.field
                    dataCells[r][i] = .tagged(.cell, formField(path, index: first + i, tooltip: "\(headers[i]) – \(row.label[c.language])",
                                                               in: inner, size: formSize, multiline: true, c))
                } else if let value = c.cells[row.field]?[safe: first + i] ?? nil, !value.isEmpty {
                    cells.append((value, inner, "\(row.field)#\(first + i)",
                                  "\(source) › \(t.corner[c.language]) › \(named[i]) › \(row.label[c.language])", r, i))
                } else if c.guideLines {
                    items += guides(in: inner)
                }
            }
        }
        var size = type.text
        let firstPass = cells.map { fitter.fit($0.value, style: style(type.text), in: $0.inner.size, minimumSize: type.minimum) }
        for (cell, result) in zip(cells, firstPass) {
            if result.fontSize < type.text, result.overflow == nil {
                shrunk.append(Overflow(source: cell.source, text: "", key: cell.key, fontSize: type.step(atMost: result.fontSize)))
            }
            size = min(size, type.step(atMost: result.fontSize))
        }
        for (cell, first) in zip(cells, firstPass) {
            var result = first, marker: Rect?
            if first.fontSize != size || first.overflow != nil {
                (result, marker) = fitLeavingRoomForMarker(cell.value, style(size), in: cell.inner, minimumSize: size)
            }
            dataCells[cell.row][cell.column] = .tagged(.cell, place(result, style(size), in: cell.inner, source: cell.source,
                                                                    key: cell.key, markerAt: marker))
        }
        let tableItems = [Item.tagged(.row, headerCells)] + zip(rowCells, dataCells).map { Item.tagged(.row, $0 + $1) }
        // Grid lines over the fills.
        let rule = colors.rule
        for r in 0..<t.rows.count {
            let y = rowTops[r]
            items.append(.line(from: Point(x: rect.x, y: y), to: Point(x: rect.maxX, y: y), color: rule, width: .pt(r == 0 ? 0.8 : 0.5)))
        }
        for i in 0..<count {
            let x = rect.x + rowHeaderWidth + colWidth * Double(i)
            items.append(.line(from: Point(x: x, y: rect.y), to: Point(x: x, y: rect.maxY), color: rule, width: .pt(i == 0 ? 0.8 : 0.5)))
        }
        items.append(.rect(rect, fill: nil, stroke: rule, strokeWidth: .pt(0.8), radius: .mm(1.5)))
        items.append(.tagged(.table, tableItems))
        return items
    }

    /// Row heights of a table: equal when blank, else divided by need (see `distribute`).
    private func rowHeights(_ t: WerkbladLayout.TableSpec, _ c: WerkbladContent, available: Length, cellWidth: Length,
                            count: Int) -> [Length] {
        distribute(available, weights: t.rows.map { _ in 1 },
                   needs: rowNeedsByTable[t.id] ?? rowNeeds(t, c, cellWidth: cellWidth, count: count))
    }

    /// What each row's fullest cell needs at the normal size, padding included.
    private func rowNeeds(_ t: WerkbladLayout.TableSpec, _ c: WerkbladContent, cellWidth: Length, count: Int) -> [Length] {
        t.rows.map { row in
            (0..<count).compactMap { c.cells[row.field]?[safe: $0] ?? nil }
                .map { measureAtNormalSize($0, width: cellWidth) + type.padding * 2 }.max() ?? .zero
        }
    }

    // MARK: Text

    /// One text item set at `style` with its top left at `p`, as wide as `width`; for labels, which the layout sizes.
    func text(_ string: String, _ style: TextStyle, at p: Point, width: Length) -> TextItem {
        fitter.label(string, style: style, at: p, width: width)
    }

    /// A label kept on one line, set smaller (not below the minimum) when the space is narrow;
    /// wrapped only when even the minimum is too wide.
    func oneLine(_ string: String, _ style: TextStyle, at p: Point, width: Length) -> TextItem {
        fitter.oneLineLabel(string, style: style, at: p, width: width, minimum: type.minimum)
    }

    /// The user's text fitted into `rect`; what does not fit is kept as overflow for a vervolgblad.
    func fitted(_ string: String, _ style: TextStyle, in rect: Rect, source: String, key: String? = nil,
                hyphenate: Bool = true) -> [Item] {
        let line = markerLine
        guard rect.height > .zero, rect.width > .zero else {
            // No room for a line of text: all of it continues, and the marker says where, just
            // under the box's label (in the gap and padding that are there for the text).
            let marker = rect.width > .zero ? Rect(x: rect.x, y: rect.y, width: rect.width, height: line) : nil
            return place(FitResult(text: "", fontSize: style.font.size, measured: .init(width: .zero, height: .zero),
                                   overflow: string, shrunk: true), style, in: rect, source: source, key: key, markerAt: marker)
        }
        let (result, marker) = fitLeavingRoomForMarker(string, style, in: rect, minimumSize: type.minimum, hyphenate: hyphenate)
        if result.shrunk, result.overflow == nil, key != nil {
            shrunk.append(Overflow(source: source, text: "", key: key, fontSize: result.fontSize))
        }
        return place(result, style, in: rect, source: source, key: key, markerAt: marker)
    }

    /// A fitting result as a paragraph at the top of `rect`; its overflow is kept for a vervolgblad.
    /// A form field over `rect` for the format's field at `path` (item `index` of a list), holding
    /// the content's value. Its appearance is set here like any text on the werkblad, at `size`
    /// or smaller when the value needs it; that size is the one viewers then type in.
    func formField(_ path: String, index: Int? = nil, tooltip: String, in rect: Rect, size: Length, bold: Bool = false,
                   multiline: Bool, _ c: WerkbladContent) -> [Item] {
        let name = FieldRegistry.formName(path, index: index)
        let value = c.formValues[name] ?? ""
        var fontSize = size
        var appearance: [Item] = []
        if !value.isEmpty {
            let s = style(size, bold: bold)
            let result = fitter.fit(value, style: s, in: rect.size, minimumSize: type.minimum)
            fontSize = result.fontSize
            if result.overflow != nil {
                // Every word is in the field's value; only the picture of it is cut.
                formOverflow.append(Overflow(source: tooltip, text: value, key: name, fontSize: result.fontSize))
            }
            appearance = fitter.structured(result, style: s, at: .zero, width: rect.width)
        }
        let field = FormField(name: name, tooltip: tooltip, rect: rect, value: value, fontSize: fontSize,
                              multiline: multiline, appearance: appearance)
        fields.append(field)
        return [.tagged(.form, [.field(field)])]
    }

    /// With `markerAt`, a box that continues ends with the line that says on which sheet.
    func place(_ result: FitResult, _ style: TextStyle, in rect: Rect, source: String, key: String?,
               markerAt: Rect? = nil) -> [Item] {
        // The text first: its layout, as fitted, is kept for drawing only while nothing else is measured.
        let body = result.text.isEmpty ? [] : fitter.structured(result, style: style, at: rect.origin, width: rect.width)
        var marker: [Item] = []
        if let rest = result.overflow {
            if let markerAt {
                // A placeholder of the same shape; its number is known once the vervolgbladen are laid out.
                let placeholder = markerItem(sheet: 0, at: markerAt.origin, width: markerAt.width)
                markers[overflow.count] = placeholder
                marker = [.tagged(.paragraph, [.text(placeholder)])]
            }
            overflow.append(Overflow(source: source, text: rest, key: key))
        }
        return body + marker
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
