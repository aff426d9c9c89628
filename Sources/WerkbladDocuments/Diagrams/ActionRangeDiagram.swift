import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// Stap 3b: ideas for action as post-its on a line from small (0) to large (10), with two limits.
public struct ActionRangeData: Sendable, Hashable {
    public struct Idea: Sendable, Hashable {
        public var number: Int
        public var text: String
        public var position: Double
        /// Printed only when the file allows names.
        public var author: String?
    }

    public var limits: (low: Double, high: Double)?
    public var ideas: [Idea]
    public var question: String?

    public static func == (l: Self, r: Self) -> Bool {
        l.limits?.low == r.limits?.low && l.limits?.high == r.limits?.high && l.ideas == r.ideas && l.question == r.question
    }
    public func hash(into h: inout Hasher) { h.combine(limits?.low); h.combine(limits?.high); h.combine(ideas) }

    /// Whether an idea lies beyond one of the limits.
    public func goesTooFar(_ idea: Idea) -> Bool {
        guard let limits else { return false }
        return idea.position < limits.low || idea.position > limits.high
    }
}

final class ActionRangeComposer: DiagramComposer {
    private var postItWidth: Length { layout.length("bandbreedte.post-it-width") }
    private var gap: Length { layout.length("bandbreedte.post-it-gap") }
    private let padding = Length.mm(2.2)
    /// Height of the number line at the top of a post-it.
    private var badgeHeight: Length { size("small") * 1.45 }

    /// Frames for `data`; blank (the empty line) when nil. Many ideas continue on further pages.
    func compose(_ data: ActionRangeData?) -> [Frame] {
        let title = label("bb-title")
        var area = content
        var top: [Item] = []
        if let question = data?.question {
            let head = text(label("bb-question"), style(size("small"), color: color("muted")), at: area.origin, width: area.width)
            let body = text(question, style(size("label"), bold: true), at: Point(x: area.x, y: head.box.maxY), width: area.width)
            top += [.tagged(.paragraph, [.text(head)]), .tagged(.paragraph, [.text(body)])]
            area = Rect(x: area.x, y: body.box.maxY + .mm(4), width: area.width, height: area.maxY - body.box.maxY - .mm(4))
        } else if data == nil {
            // Read across the room like the rest of the poster.
            let instruction = text(label("bb-instruction"), style(layout.length("bandbreedte.poster-scale") * 0.6, color: color("muted")),
                                   at: area.origin, width: area.width * 0.9)
            top.append(.tagged(.paragraph, [.text(instruction)]))
            area = Rect(x: area.x, y: instruction.box.maxY + .mm(4), width: area.width, height: area.maxY - instruction.box.maxY - .mm(4))
        }
        guard let data, !data.ideas.isEmpty else {
            // The blank poster is read across the room: its line and labels at poster size, and
            // the two blue bars to cut out and lay where the group puts its limits.
            let poster = data == nil
            let axisY = area.y + area.height * (poster ? 0.52 : 0.62)
            var figure = axis(data?.limits, y: axisY, area: area, ideas: [], poster: poster)
            if poster { figure += cutOutBars(in: Rect(x: area.x, y: axisY + .mm(50), width: area.width, height: area.maxY - axisY - .mm(50))) }
            let body = top + [.figure(alt: language == .nl ? "Een lege lijn van klein (0) naar groot (10) om post-its op te hangen, met twee blauwe balkjes om uit te knippen als grenzen."
                                                            : "An empty line from small (0) to large (10) to hang post-its on, with two blue bars to cut out as limits.",
                                      figure)]
            return [page(title: title, subtitle: label("bb-subtitle"), body: body)]
        }
        let sheets = placements(data, in: area)
        var frames: [Frame] = []
        for (index, sheet) in sheets.enumerated() {
            var body = index == 0 ? top : []
            let alt = altText(data, ideas: sheet.posts.map(\.idea))
            body.append(.figure(alt: alt, axis(data.limits, y: sheet.axisY, area: area, ideas: sheet.posts.map(\.idea))
                                    + sheet.posts.map { connector($0, axisY: sheet.axisY) }
                                    + sheet.posts.flatMap { postIt($0, data: data) }))
            let subtitle = label("bb-subtitle") + (sheets.count > 1 ? " (\(index + 1)/\(sheets.count))" : "")
            frames.append(page(title: title, subtitle: subtitle, body: body))
        }
        return frames + continuationPages(title: title)
    }

    // MARK: Placement

    struct Placement {
        var idea: ActionRangeData.Idea
        var rect: Rect
        var fit: FitResult
    }

    struct Sheet {
        var axisY: Length
        var posts: [Placement]
    }

    /// The axis runs where a post-it centred on 0 or 10 still fits on the page.
    func axisX(_ position: Double, in area: Rect) -> Length {
        let left = area.x + postItWidth / 2, right = area.maxX - postItWidth / 2
        return left + (right - left) * (min(10, max(0, position)) / 10)
    }

    /// Lanes above and below the line, first fit from left to right: no two post-its overlap.
    /// Lanes that do not fit on one page continue on the next.
    func placements(_ data: ActionRangeData, in area: Rect) -> [Sheet] {
        let ordered = data.ideas.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
        // Ideas in lanes: each goes in the first lane where it does not touch the one before.
        func lanesOf(_ ideas: [ActionRangeData.Idea]) -> [[ActionRangeData.Idea]] {
            var lanes: [[ActionRangeData.Idea]] = []
            var laneEnds: [Length] = []
            for idea in ideas {
                let left = axisX(idea.position, in: area) - postItWidth / 2
                if let lane = laneEnds.firstIndex(where: { $0 + gap <= left }) {
                    lanes[lane].append(idea); laneEnds[lane] = left + postItWidth
                } else {
                    lanes.append([idea]); laneEnds.append(left + postItWidth)
                }
            }
            return lanes
        }
        let axisBand = Length.mm(30)
        let available = area.height - axisBand
        let inner = Size(width: postItWidth - padding * 2, height: .pt(10_000))
        // The height each lane needs: its tallest text at the normal size, at least the layout's post-it height.
        let textStyle = style(size("text"))
        var needs: [ActionRangeData.Idea: (normal: Length, smallest: Length)] = [:]
        func need(_ idea: ActionRangeData.Idea) -> (normal: Length, smallest: Length) {
            if let known = needs[idea] { return known }
            func at(_ style: TextStyle) -> Length {
                let h = fitter.fit(idea.text, style: style, in: inner, minimumSize: style.font.size).measured.height
                return h + badgeHeight + padding * 2 + (idea.author == nil ? .zero : size("small") * 1.4)
            }
            let n = (at(textStyle), at(textStyle.sized(minimum)))
            needs[idea] = n
            return n
        }
        func smallestTotal(_ lanes: [[ActionRangeData.Idea]]) -> Length {
            lanes.reduce(.zero) { $0 + $1.map { need($0).smallest }.max()! + gap }
        }
        // How many pages: as many as the lanes of all ideas need at their smallest. Then the ideas
        // are dealt over the pages in order along the line (1st, 2nd, 3rd to pages 1, 2, 3, …), so
        // that every page carries about as many post-its and spans the line; one page more while a
        // page's lanes do not fit.
        var pageCount = 1
        do {
            var total = Length.zero
            for height in lanesOf(ordered).map({ $0.map { need($0).smallest }.max()! }) {
                if total > .zero, total + height + gap > available { pageCount += 1; total = .zero }
                total += height + gap
            }
        }
        var groups: [[ActionRangeData.Idea]] = [ordered]
        while pageCount > 1 {
            groups = (0..<pageCount).map { g in ordered.enumerated().filter { $0.offset % pageCount == g }.map(\.element) }
            if pageCount >= ordered.count || groups.allSatisfy({ smallestTotal(lanesOf($0)) <= available }) { break }
            pageCount += 1
        }
        var sheets: [Sheet] = []
        for group in groups where !group.isEmpty {
            sheets += self.sheets(lanesOf(group), available: available, axisBand: axisBand, area: area,
                                  wanted: { lane in max(self.layout.length("bandbreedte.post-it-height"), lane.map { need($0).normal }.max()!) },
                                  smallest: { lane in lane.map { need($0).smallest }.max()! })
        }
        return sheets
    }

    /// The sheets for `lanes`: as many lanes on each as fit at their smallest.
    private func sheets(_ lanes: [[ActionRangeData.Idea]], available: Length, axisBand: Length, area: Rect,
                        wanted wantedOf: ([ActionRangeData.Idea]) -> Length,
                        smallest smallestOf: ([ActionRangeData.Idea]) -> Length) -> [Sheet] {
        let wanted = lanes.map(wantedOf)
        let smallest = lanes.map(smallestOf)
        // Fill pages with lanes; shrink lanes towards their minimum only when they do not all fit at the wanted height.
        var sheets: [Sheet] = []
        var start = 0
        while start < lanes.count {
            var end = start
            var minTotal = Length.zero
            while end < lanes.count, minTotal + smallest[end] + gap <= available || end == start {
                minTotal += smallest[end] + gap; end += 1
            }
            let range = start..<end
            let wantedTotal = range.reduce(Length.zero) { $0 + wanted[$1] + gap }
            let squeeze = wantedTotal <= available ? 1.0 : max(0, (available - minTotal) / (wantedTotal - minTotal))
            let heights = range.map { smallest[$0] + (wanted[$0] - smallest[$0]) * squeeze }
            // Odd lanes above the line (nearest first), even lanes below.
            let above = range.enumerated().filter { $0.offset % 2 == 0 }.map(\.offset)
            let below = range.enumerated().filter { $0.offset % 2 == 1 }.map(\.offset)
            let aboveHeight = above.reduce(Length.zero) { $0 + heights[$1] + gap }
            let belowHeight = below.reduce(Length.zero) { $0 + heights[$1] + gap }
            let slack = max(.zero, available - aboveHeight - belowHeight)
            let axisY = area.y + slack / 2 + aboveHeight + axisBand / 2
            var posts: [Placement] = []
            var y = axisY - axisBand / 2
            for i in above {
                y -= heights[i] + gap
                posts += place(lanes[range.lowerBound + i], y: y + gap, height: heights[i], area: area)
            }
            y = axisY + axisBand / 2
            for i in below {
                posts += place(lanes[range.lowerBound + i], y: y, height: heights[i], area: area)
                y += heights[i] + gap
            }
            // One text size for every post-it on the sheet: the smallest any of them needed.
            let common = posts.map(\.fit.fontSize).min() ?? size("text")
            posts = posts.map { p in
                var p = p
                let box = textBox(p.idea, height: p.rect.height)
                p.fit = fitter.fit(p.idea.text, style: style(common), in: box, minimumSize: minimum)
                return p
            }
            sheets.append(Sheet(axisY: axisY, posts: posts.sorted { ($0.idea.position, $0.idea.number) < ($1.idea.position, $1.idea.number) }))
            start = end
        }
        return sheets
    }

    private func place(_ lane: [ActionRangeData.Idea], y: Length, height: Length, area: Rect) -> [Placement] {
        lane.map { idea in
            let rect = Rect(x: axisX(idea.position, in: area) - postItWidth / 2, y: y, width: postItWidth, height: height)
            return Placement(idea: idea, rect: rect, fit: fitter.fit(idea.text, style: style(size("text")), in: textBox(idea, height: height),
                                                                     minimumSize: minimum))
        }
    }

    /// The room for an idea's text inside a post-it of `height`.
    private func textBox(_ idea: ActionRangeData.Idea, height: Length) -> Size {
        let authorHeight = idea.author == nil ? Length.zero : size("small") * 1.4
        return Size(width: postItWidth - padding * 2, height: height - padding * 2 - badgeHeight - authorHeight)
    }

    // MARK: Drawing

    /// The line with its scale, the two limits and a mark where each idea sits.
    private func axis(_ limits: (low: Double, high: Double)?, y: Length, area: Rect, ideas: [ActionRangeData.Idea],
                      poster: Bool = false) -> [Item] {
        var items: [Item] = []
        let left = axisX(0, in: area), right = axisX(10, in: area)
        let tick = layout.length("bandbreedte.tick") * (poster ? 2 : 1)
        let digitSize = poster ? layout.length("bandbreedte.poster-scale") : size("small")
        if let limits {
            // The zones beyond the limits, lightly tinted.
            var tint = color("too-far"); tint.alpha = 0.07
            items.append(.rect(Rect(x: left, y: y - .mm(9), width: axisX(limits.low, in: area) - left, height: .mm(18)), fill: tint, stroke: nil))
            let highX = axisX(limits.high, in: area)
            items.append(.rect(Rect(x: highX, y: y - .mm(9), width: right - highX, height: .mm(18)), fill: tint, stroke: nil))
        }
        let arrow = poster ? 2.4 : 1.0
        items.append(.line(from: Point(x: left, y: y), to: Point(x: right, y: y), color: color("accent"),
                           width: layout.length("bandbreedte.axis-width") * (poster ? 2 : 1)))
        items.append(.polygon([Point(x: right + .mm(4) * arrow, y: y), Point(x: right - .mm(1), y: y - .mm(2.5) * arrow),
                               Point(x: right - .mm(1), y: y + .mm(2.5) * arrow)],
                              fill: color("accent"), stroke: nil))
        for n in 0...10 {
            let x = axisX(Double(n), in: area)
            items.append(.line(from: Point(x: x, y: y - tick / 2), to: Point(x: x, y: y + tick / 2), color: color("accent"), width: .pt(1)))
            let digit = text(String(n), style(digitSize, color: poster ? color("accent") : color("muted"), align: .center),
                             at: Point(x: x - .mm(5) * (poster ? 3 : 1), y: y + tick / 2 + .mm(0.5)), width: .mm(10) * (poster ? 3 : 1))
            items.append(.text(digit))
        }
        // "klein" and "groot" at the line's ends: beside it on a filled page; on the poster, at
        // poster size, under the line's two ends, where the post-its do not cover them.
        let ends = style(poster ? layout.length("bandbreedte.poster-label") : size("heading"), bold: true, color: color("accent"))
        if poster {
            let below = y + tick / 2 + digitSize * 1.5 + .mm(2)
            items.append(.text(text(label("bb-small"), ends, at: Point(x: left - .mm(4), y: below), width: (right - left) / 2)))
            items.append(.text(text(label("bb-large"), ends.with(alignment: .right), at: Point(x: left + (right - left) / 2, y: below),
                                    width: (right - left) / 2 + .mm(4))))
        } else {
            let small = oneLine(label("bb-small"), ends.with(alignment: .right), at: Point(x: area.x, y: y), width: left - area.x - .mm(3))
            let large = oneLine(label("bb-large"), ends, at: Point(x: right + .mm(6), y: y), width: area.maxX - right - .mm(6))
            for item in [small, large] {
                var centred = item
                centred.box.y = y - item.measured.height / 2
                items.append(.text(centred))
            }
        }
        if let limits {
            let barWidth = layout.length("bandbreedte.bar-width")
            for value in [limits.low, limits.high] {
                let x = axisX(value, in: area)
                items.append(.rect(Rect(x: x - barWidth / 2, y: y - .mm(9), width: barWidth, height: .mm(18)), fill: color("bar"), stroke: nil, radius: .mm(0.8)))
                let caption = text("\(label("bb-bar")) \(number(value))", style(size("small"), bold: true, color: color("bar"), align: .center),
                                   at: Point(x: x - .mm(15), y: y + .mm(9.5)), width: .mm(30))
                items.append(.text(caption))
            }
        }
        for idea in ideas {
            let x = axisX(idea.position, in: area)
            items.append(.ellipse(Rect(x: x - .mm(1.4), y: y - .mm(1.4), width: .mm(2.8), height: .mm(2.8)), fill: color("text"), stroke: .white, strokeWidth: .pt(0.75)))
        }
        return items
    }

    /// The blank poster's two blue bars, each inside a dashed line to cut along, with what to do with them.
    private func cutOutBars(in area: Rect) -> [Item] {
        var items: [Item] = []
        let bar = Size(width: layout.length("bandbreedte.bar-width") * 2.4, height: min(.mm(50), area.height - .mm(8)))
        guard bar.height > .mm(20) else { return [] }
        let cutMargin = Length.mm(4)
        let captionSize = layout.length("bandbreedte.poster-scale") * 0.75
        for i in 0..<2 {
            let x = area.maxX - (bar.width + cutMargin * 2 + .mm(10)) * Double(2 - i)
            let cut = Rect(x: x, y: area.y + .mm(4), width: bar.width + cutMargin * 2, height: bar.height + cutMargin * 2)
            items.append(.polygon(cut.corners, fill: nil, stroke: color("muted"), strokeWidth: .pt(0.75), dash: [.pt(4), .pt(3)]))
            items.append(.rect(Rect(x: cut.x + cutMargin, y: cut.y + cutMargin, width: bar.width, height: bar.height),
                               fill: color("bar"), stroke: nil, radius: .mm(1.5)))
        }
        let textWidth = area.width - (bar.width + cutMargin * 2 + .mm(10)) * 2 - .mm(10)
        let note = text(label("bb-cut"), style(captionSize, color: color("bar")), at: Point(x: area.x, y: area.y + .mm(6)), width: textWidth)
        items.append(.tagged(.paragraph, [.text(note)]))
        return items
    }

    /// A post-it: its number and position, the text, the author where allowed; dashed red and labelled when it goes too far.
    /// A faint dotted line from the post-it to its place on the line.
    private func connector(_ p: Placement, axisY: Length) -> Item {
        let centerX = p.rect.x + p.rect.width / 2
        let edgeY = p.rect.maxY < axisY ? p.rect.maxY : p.rect.y
        return .line(from: Point(x: centerX, y: edgeY), to: Point(x: centerX, y: axisY), color: color("rule"), width: .pt(0.6), dash: [.pt(1.5), .pt(2)])
    }

    private func postIt(_ p: Placement, data: ActionRangeData) -> [Item] {
        let tooFar = data.goesTooFar(p.idea)
        let r = p.rect
        var items: [Item] = []
        var shadow = Color.black; shadow.alpha = 0.12
        items.append(.rect(Rect(x: r.x + .mm(0.8), y: r.y + .mm(0.8), width: r.width, height: r.height), fill: shadow, stroke: nil))
        items.append(.rect(r, fill: color("post-it"), stroke: tooFar ? color("too-far") : color("post-it-edge"),
                           strokeWidth: tooFar ? .pt(2) : .pt(0.75)))
        if tooFar {
            items.append(.polygon(r.corners,
                                  fill: nil, stroke: .white, strokeWidth: .pt(1), dash: [.pt(4), .pt(3)]))
        }
        let inner = r.inset(by: padding)
        let badgeStyle = style(size("small"), bold: true, color: color("accent"))
        let badge = text("\(p.idea.number) · \(number(p.idea.position))", badgeStyle, at: inner.origin, width: inner.width * 0.45)
        items.append(.text(badge))
        if tooFar {
            items.append(.text(text(label("bb-too-far"), style(size("small"), bold: true, color: color("too-far"), align: .right),
                                    at: Point(x: inner.x + inner.width * 0.4, y: inner.y), width: inner.width * 0.6)))
        }
        let textTop = inner.y + badgeHeight
        if let rest = p.fit.overflow { addOverflow("\(label("bb-title")) \(p.idea.number)", rest) }
        items.append(.tagged(.paragraph, [.text(fitter.item(p.fit, style: style(size("text")), at: Point(x: inner.x, y: textTop), width: inner.width))]))
        if let author = p.idea.author {
            let by = oneLine(label("bb-by", ["n": author]), style(size("small"), italic: true, color: color("muted"), align: .right),
                             at: Point(x: inner.x, y: inner.maxY - size("small") * 1.4), width: inner.width)
            items.append(.text(by))
        }
        return items
    }

    /// The diagram in words: limits, then every post-it from left to right.
    func altText(_ data: ActionRangeData, ideas: [ActionRangeData.Idea]) -> String {
        let nl = language == .nl
        var parts: [String] = [nl ? "Handelingsbandbreedte: een lijn van klein (0) naar groot (10)" : "Range of action: a line from small (0) to large (10)"]
        if let l = data.limits {
            parts[0] += nl ? ", met grenzen bij \(number(l.low)) en \(number(l.high))." : ", with limits at \(number(l.low)) and \(number(l.high))."
        } else { parts[0] += "." }
        parts.append(nl ? "Post-its van links naar rechts:" : "Post-its from left to right:")
        for idea in ideas {
            var s = "\(idea.number). ‘\(idea.text)’ \(nl ? "op" : "at") \(number(idea.position))"
            if data.goesTooFar(idea) { s += ", \(label("bb-too-far"))" }
            if let a = idea.author { s += ", \(label("bb-by", ["n": a]))" }
            parts.append(s + ";")
        }
        return parts.joined(separator: " ")
    }
}
