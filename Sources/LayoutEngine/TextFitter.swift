import Graphics

/// The outcome of fitting text into a box.
public struct FitResult: Sendable, Hashable {
    /// The part of the text set in the box.
    public var text: String
    /// The size it was set at.
    public var fontSize: Length
    /// The measured size of the set text.
    public var measured: Size
    /// What did not fit even at the minimum size, to continue elsewhere; nil when all fitted.
    public var overflow: String?

    public var shrunk: Bool = false
    /// The lines of `text` as set, when the fitter has them from a layout it made anyway.
    public var lines: [LineBox]? = nil
    /// The text that layout holds, when it is longer than `text` (a box that continues: `text`
    /// is its first lines): drawing those lines of it costs no second layout.
    public var laidOut: String? = nil

    public init(text: String, fontSize: Length, measured: Size, overflow: String?, shrunk: Bool = false, lines: [LineBox]? = nil,
                laidOut: String? = nil) {
        self.text = text; self.fontSize = fontSize; self.measured = measured; self.overflow = overflow
        self.shrunk = shrunk; self.lines = lines; self.laidOut = laidOut
    }
}

/// Fits text into boxes: at the style's size if it fits, else smaller down to a minimum
/// (bisecting on one reused layout), else the rest is handed back as overflow.
/// Words too wide for the box are hyphenated first. Not thread-safe: one per thread.
public final class TextFitter {
    public let layout: TextLayout
    /// The dictionary for the language of the text being fitted.
    public var hyphenation: HyphenatorLoader? {
        // The breaks chosen so far came from the other dictionary.
        didSet { if oldValue !== hyphenation { breaksCache.removeAll() } }
    }
    private var hyphenator: Hyphenator? { hyphenation?.hyphenator }
    /// Font-size precision of the bisection.
    public var precision = Length.pt(0.25)

    /// With a `store`, the layouts of finished text items are handed over for drawing.
    public init(fonts: FontLibrary, hyphenation: HyphenatorLoader? = nil, store: LayoutStore? = nil) {
        layout = TextLayout(fonts: fonts, store: store)
        self.hyphenation = hyphenation
    }

    /// Measures `text` set at `style` in `width`.
    public func measure(_ text: String, style: TextStyle, width: Length?, spans: [TextSpan] = []) -> Size {
        layout.configure(text: text, font: style.font, width: width, alignment: style.alignment,
                         lineSpacing: style.lineSpacing, spans: spans)
        return layout.size
    }

    /// A label set at `style` in `width`, its top left at `origin`.
    public func label(_ text: String, style: TextStyle, at origin: Point, width: Length) -> TextItem {
        let size = measure(text, style: style, width: width)
        return kept(TextItem(text: text, style: style, box: Rect(x: origin.x, y: origin.y, width: width, height: size.height), measured: size))
    }

    /// `item`, its layout handed to the store when the layout holds it as it will be drawn.
    private func kept(_ item: TextItem) -> TextItem {
        layout.keep(text: item.excerpt?.whole ?? item.text, font: item.style.font, width: item.box.width, alignment: item.style.alignment,
                    lineSpacing: item.style.lineSpacing, spans: item.spans)
        return item
    }

    /// A label kept on one line, set smaller (not below `minimum`) when `width` is narrow; wrapped only below that.
    public func oneLineLabel(_ text: String, style: TextStyle, at origin: Point, width: Length, minimum: Length) -> TextItem {
        let single = measure(text, style: style, width: nil)
        guard single.width > width else { return label(text, style: style, at: origin, width: width) }
        let scaled = max(minimum, style.font.size * (width / single.width) * 0.98)
        return label(text, style: style.sized(scaled), at: origin, width: width)
    }

    /// A fitting result as a text item at `origin`, set at the size it was fitted at.
    public func item(_ result: FitResult, style: TextStyle, at origin: Point, width: Length) -> TextItem {
        // A box that continues is drawn as the first lines of the text it was fitted from.
        let excerpt = result.laidOut.flatMap { whole in result.lines.map { TextItem.Excerpt(whole: whole, origin: origin, lines: 0..<$0.count) } }
        return kept(TextItem(text: result.text, style: style.sized(result.fontSize),
                             box: Rect(x: origin.x, y: origin.y, width: width, height: result.measured.height), measured: result.measured,
                             excerpt: excerpt))
    }

    /// A paragraph that the session format (or its writer) made a bullet point.
    static func isBullet(_ paragraph: Substring) -> Bool { paragraph.hasPrefix("•") }

    /// A fitted text as structure: its paragraphs each a P, a run of bullet paragraphs an L with
    /// an LI (its LBody) per bullet. Every piece is drawn where it stands in the text set as a
    /// whole, so the page looks the same as with one text item.
    public func structured(_ result: FitResult, style: TextStyle, at origin: Point, width: Length) -> [Item] {
        // Split at the byte: "\n" is always a character of its own (the session model reads
        // "\r\n" as "\n"), and this skips the grapheme breaking of a character split.
        let paragraphs = result.text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        guard paragraphs.contains(where: Self.isBullet) else {
            return [.tagged(.paragraph, [.text(item(result, style: style, at: origin, width: width))])]
        }
        let set = style.sized(result.fontSize)
        let lines: [LineBox]
        if let known = result.lines {
            lines = known
        } else {
            layout.configure(text: result.text, font: set.font, width: width, alignment: set.alignment, lineSpacing: set.lineSpacing)
            lines = layout.lines
        }
        // Made after the lines are read, so that the layout `item` hands to the store for drawing
        // is the one configured for them (reading them later took it back out of the store).
        let whole = item(result, style: style, at: origin, width: width)
        var items: [Item] = [], list: [Item] = []
        var byte = 0
        var line = 0   // the first line of the paragraph
        for paragraph in paragraphs {
            defer { byte += paragraph.utf8.count + 1 }
            while line + 1 < lines.count && lines[line + 1].byteOffset <= byte { line += 1 }
            let isBullet = Self.isBullet(paragraph)
            if !isBullet, !list.isEmpty { items.append(.tagged(.list, list)); list = [] }
            guard !paragraph.isEmpty else { continue }
            // The piece where the whole text has its lines: from the top of its first line's box to
            // the bottom of its last, as wide as the widest. Laid out alone it is the same.
            let end = byte + paragraph.utf8.count
            var last = line
            while last + 1 < lines.count && lines[last + 1].byteOffset < end { last += 1 }
            let top = lines[line].top
            let own = lines[line...last]
            let size = Size(width: own.map(\.right).max()! - own.map(\.left).min()!, height: lines[last].bottom - top)
            let piece = Item.text(TextItem(text: String(paragraph), style: set,
                                           box: Rect(x: origin.x, y: origin.y + top, width: width, height: size.height), measured: size,
                                           excerpt: .init(whole: whole.excerpt?.whole ?? result.text, origin: origin, lines: line..<(last + 1))))
            if isBullet { list.append(.tagged(.listItem, [.tagged(.listBody, [piece])])) } else { items.append(.tagged(.paragraph, [piece])) }
        }
        if !list.isEmpty { items.append(.tagged(.list, list)) }
        return items
    }

    /// With `hyphenate` false (a name in a column head), words are not broken at syllables: the
    /// text is set smaller until its widest word fits, and only a word too wide even at the
    /// minimum is broken, so that nothing is lost.
    public func fit(_ text: String, style: TextStyle, in box: Size, minimumSize: Length, hyphenate: Bool = true) -> FitResult {
        let before = breaksAtSyllables
        breaksAtSyllables = hyphenate
        defer { breaksAtSyllables = before }
        // Work on a prefix of a long text: a few lines more than the box can hold at the minimum
        // size, estimated from cached word widths. The rest goes to the overflow untouched, so
        // continuing a long text costs no more per box. Should the estimate be wrong and the
        // prefix fit after all, the prefix is doubled until it does not.
        let smallest = style.sized(min(minimumSize, style.font.size))
        let lineCapacity = Int((box.height / linePitch(smallest)).rounded(.up)) + 2
        // Lines that a line break starts are certain (the capacity is rounded up, plus two); a
        // wrapped line may hold a word more or less than the estimate, so those count less
        // (see estimatedEnd): about a sixth more of them in the prefix.
        var lines = lineCapacity
        while true {
            guard text.utf8.count > 400, let cut = estimatedEnd(of: text, style: smallest, width: box.width, lines: lines) else {
                return fitWhole(text, style: style, in: box, minimumSize: minimumSize)
            }
            // Sliced by scalars, so that nothing is lost or doubled whatever the cut falls beside.
            let prefix = String(Substring(text.unicodeScalars[..<cut]))
            var result = fitWhole(prefix, style: style, in: box, minimumSize: minimumSize)
            guard result.overflow != nil else { lines *= 2; continue }
            result.overflow!.append(contentsOf: Substring(text.unicodeScalars[cut...]))
            result.shrunk = true
            return result
        }
    }

    private func fitWhole(_ text: String, style: TextStyle, in box: Size, minimumSize: Length) -> FitResult {
        var result = fitWholeKeepingHyphens(text, style: style, in: box, minimumSize: minimumSize)
        // The soft hyphens put in for this box's width mean nothing where the rest continues.
        if result.overflow != nil, !text.unicodeScalars.contains("\u{AD}") {
            result.overflow!.unicodeScalars.removeAll { $0 == "\u{AD}" }
        }
        return result
    }

    /// The distance between two baselines at `style`.
    private func linePitch(_ style: TextStyle) -> Length {
        if let pitch = pitches[style.font] { return pitch }
        let two = measure("X\nX", style: style, width: nil).height
        let one = measure("X", style: style, width: nil).height
        let pitch = max(two - one, style.font.size * 0.5)
        pitches[style.font] = pitch
        return pitch
    }
    private var pitches: [FontSpec: Length] = [:]

    /// Where `text` would be after `lines` lines set at `style` in `width`, filled greedily from
    /// word widths: at the start of a word (or, in a word longer than a line, at a character);
    /// nil when the text ends sooner. A line that a line break starts counts as one, a wrapped
    /// line as `wrappedLine`. Only an estimate, for where to cut a long text: a word not measured
    /// yet is taken as the sum of its characters' widths rather than laid out.
    func estimatedEnd(of text: String, style: TextStyle, width: Length, lines: Int, wrappedLine: Double = 0.85) -> String.Index? {
        let space = tokenWidth(" ", style: style).points
        let limit = width.points
        let most = Double(lines)
        var line = 1.0
        var used = 0.0
        var wordStart = text.startIndex
        var i = text.startIndex
        func place(_ word: Substring) -> String.Index? {
            guard !word.isEmpty else { return nil }
            let w = estimatedWidth(word, style: style)
            if used > 0, used + space + w <= limit { used += space + w; return nil }
            if used > 0 { line += wrappedLine; used = 0; if line > most { return word.startIndex } }
            if w <= limit { used = w; return nil }
            // A word wider than the line breaks between characters: about w / limit lines.
            let parts = Int((w / limit).rounded(.up))
            if line + Double(parts - 1) * wrappedLine > most {
                let fraction = min(1, ((most - line) / wrappedLine + 1) / Double(parts))
                return word.index(word.startIndex, offsetBy: Int(Double(word.count) * fraction))
            }
            line += Double(parts - 1) * wrappedLine
            used = w - Double(parts - 1) * limit
            return nil
        }
        let utf8 = text.utf8
        // A paragraph of no more characters than fit the line at 0.6 em each (Latin text averages
        // about half an em) is taken as one line, without looking its words up: a long list is
        // passed over quickly. Taking a paragraph for fewer lines than it has only makes the
        // prefix longer, never too short.
        let shortParagraph = Int(limit / (style.font.size.points * 0.6))
        var atParagraphStart = true
        var u = utf8.startIndex
        while u < utf8.endIndex {
            if atParagraphStart {
                atParagraphStart = false
                var v = u, characters = 0
                while v < utf8.endIndex, utf8[v] != 0x0A, characters <= shortParagraph {
                    if utf8[v] & 0xC0 != 0x80 { characters += 1 }
                    v = utf8.index(after: v)
                }
                if v < utf8.endIndex, utf8[v] == 0x0A {
                    line += 1
                    if line > most { return text.index(after: v) }
                    u = utf8.index(after: v)
                    wordStart = u
                    atParagraphStart = true
                    continue
                }
            }
            let byte = utf8[u]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                i = u
                if let end = place(text[wordStart..<i]) { return end }
                if byte == 0x0A {
                    line += 1; used = 0
                    if line > most { return text.index(after: i) }
                    atParagraphStart = true
                }
                u = utf8.index(after: u)
                wordStart = u
            } else {
                u = utf8.index(after: u)
            }
        }
        return place(text[wordStart...])
    }

    /// A word's width when it has been measured, else the sum of its characters' (each measured
    /// once): near enough to cut a long text by, without laying out every new word (in a long
    /// list every number is one).
    private func estimatedWidth(_ word: Substring, style: TextStyle) -> Double {
        if let w = measuredWidth(String(word), style: style) { return w }
        return word.unicodeScalars.reduce(0) { $0 + tokenWidth(String($1), style: style).points }
    }

    private func fitWholeKeepingHyphens(_ text: String, style: TextStyle, in box: Size, minimumSize: Length) -> FitResult {
        let result = fitKeepingWords(text, style: style, in: box, minimumSize: minimumSize)
        // fitKeepingWords leaves the layout set with result.text at its size.
        guard hasUnmarkedBreakInLayout(result.text) else { return result }
        // A word too wide even at the minimum: at its syllables if it may not be broken otherwise
        // (a name), and only if that is not enough between any two letters.
        if !breaksAtSyllables {
            breaksAtSyllables = true
            defer { breaksAtSyllables = false }
            return fitWholeKeepingHyphens(text, style: style, in: box, minimumSize: minimumSize)
        }
        // A syllable wider than the box even at the minimum size: allow a break, with its hyphen, between any two letters.
        let smallest = style.sized(min(minimumSize, style.font.size))
        return split(hyphenated(text, style: smallest, width: box.width, anywhere: true), style: smallest, box: box)
    }

    /// True when Pango had to break a line inside a word where no hyphen is shown.
    public func hasUnmarkedBreak(_ text: String, style: TextStyle, width: Length) -> Bool {
        _ = measure(text, style: style, width: width)
        return hasUnmarkedBreakInLayout(text)
    }

    /// The same, for the text the layout was last configured with.
    private func hasUnmarkedBreakInLayout(_ text: String) -> Bool {
        guard layout.lineCount > 1 else { return false }
        let utf8 = Array(text.utf8)
        for line in layout.lines.dropFirst() where line.byteOffset > 0 && line.byteOffset <= utf8.count {
            let lineStart = line.byteOffset
            // The character that ends the previous line.
            var start = lineStart - 1
            while start > 0 && utf8[start] & 0xC0 == 0x80 { start -= 1 }
            let last = String(decoding: utf8[start..<lineStart], as: UTF8.self)
            guard let ch = last.first else { continue }
            if ch.isWhitespace || ch == "\u{AD}" || ch == "-" || ch == "/" || ch == "–" { continue }
            // A break before a space or line end of the next line is a word boundary too.
            if lineStart < utf8.count {
                let next = utf8[lineStart]
                if next == 0x20 || next == 0x0A { continue }
            }
            return true
        }
        return false
    }

    /// The most lines in a row that the layout, last configured with `text`, ends at a soft hyphen.
    private func hyphenatedRunInLayout(_ text: String) -> Int {
        guard layout.lineCount > 2, text.unicodeScalars.contains("\u{AD}") else { return 0 }
        let utf8 = Array(text.utf8)
        var run = 0, longest = 0
        for line in layout.lines.dropFirst() where line.byteOffset >= 2 && line.byteOffset <= utf8.count {
            let start = line.byteOffset
            // U+00AD is C2 AD in UTF-8.
            if utf8[start - 2] == 0xC2 && utf8[start - 1] == 0xAD { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    /// Whether the fit in progress may break words at syllables.
    private var breaksAtSyllables = true

    /// `text` prepared for `width`: soft hyphens in its too-wide words, when the fit may break them.
    private func prepare(_ text: String, style: TextStyle, width: Length) -> String {
        breaksAtSyllables ? hyphenated(text, style: style, width: width) : text
    }

    private func fitKeepingWords(_ text: String, style: TextStyle, in box: Size, minimumSize: Length) -> FitResult {
        let normal = style.font.size
        let prepared = prepare(text, style: style, width: box.width)
        let minimum = min(minimumSize, normal)
        // No smaller size to try (a continuation): it fits as it is, or the rest flows on.
        // The same outcome as the search below, which would try this one size three times.
        if minimum == normal {
            // Not pruned: a text that does not fit is split at this size, from the same layout.
            if let size = fits(prepared, style: style, box: box, prune: false) {
                return FitResult(text: prepared, fontSize: normal, measured: size, overflow: nil)
            }
            return split(prepared, style: style, box: box)
        }
        // Fitting well: no more than two hyphenated lines in a row. Text that fits only with more
        // is set smaller where that avoids them, and left so where nothing does.
        if let size = fits(prepared, style: style, box: box), hyphenatedRunInLayout(prepared) <= 2 {
            return FitResult(text: prepared, fontSize: normal, measured: size, overflow: nil)
        }
        let smallest = style.sized(minimum)
        let atMinimum = prepare(text, style: smallest, width: box.width)
        // Not pruned: a text that does not fit at the minimum is split there, from this layout.
        let fitsAtMinimum = fits(atMinimum, style: smallest, box: box, prune: false) != nil
        let wellAtMinimum = fitsAtMinimum && hyphenatedRunInLayout(atMinimum) <= 2
        if !wellAtMinimum, let size = fits(prepared, style: style, box: box) {
            return FitResult(text: prepared, fontSize: normal, measured: size, overflow: nil)
        }
        if minimum < normal, fitsAtMinimum {
            func good(_ text: String, _ style: TextStyle) -> Bool {
                fits(text, style: style, box: box) != nil && (!wellAtMinimum || hyphenatedRunInLayout(text) <= 2)
            }
            var low = minimum, high = normal   // low fits, high does not
            while high - low > precision {
                let mid = (low + high) / 2
                if good(prepare(text, style: style.sized(mid), width: box.width), style.sized(mid)) {
                    low = mid
                } else {
                    high = mid
                }
            }
            let final = style.sized(low)
            let setText = prepare(text, style: final, width: box.width)
            let size = fits(setText, style: final, box: box)!
            return FitResult(text: setText, fontSize: low, measured: size, overflow: nil, shrunk: true)
        }
        return split(prepare(text, style: style.sized(minimum), width: box.width), style: style.sized(minimum), box: box)
    }

    /// The measured size when `text` fits `box` at `style`, nil otherwise. With `prune`, a text
    /// whose lower bound of height is already too high is not laid out.
    private func fits(_ text: String, style: TextStyle, box: Size, prune: Bool = true) -> Size? {
        if prune, certainlyTaller(text, style: style, box: box) { return nil }
        let size = measure(text, style: style, width: box.width)
        guard size.height <= box.height, layout.widestLine <= box.width + .pt(0.01) else { return nil }
        return hasUnmarkedBreakInLayout(text) ? nil : size
    }

    /// A lower bound of the height `text` needs, from cached word widths, without a layout:
    /// no line holds more than `width` of words, and no line is lower than the font size.
    /// With `limit`, counting stops as soon as the bound exceeds it (a text of many pages only
    /// needs to be known as more than that).
    /// With `measuring` false, a word not measured yet counts as no width: a weaker bound, found
    /// without laying out a word (see `certainlyTaller`).
    public func minimumHeight(_ text: String, style: TextStyle, width: Length, limit: Length? = nil, measuring: Bool = true) -> Length {
        guard text.utf8.count > 200 else { return .zero }
        let most = (limit ?? .pt(.infinity)) / style.font.size   // in lines
        var total = 0.0
        var lines = 1.0
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var softHyphen = false
        func word(until end: String.UnicodeScalarView.Index) {
            guard start < end else { return }
            var w = String(Substring(scalars[start..<end]))
            if softHyphen { w.unicodeScalars.removeAll { $0 == "\u{AD}" }; softHyphen = false }
            total += measuring ? tokenWidth(w, style: style).points : measuredWidth(w, style: style) ?? 0
        }
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            if Self.isWhitespace(c) {
                word(until: i)
                // A line break starts a line of its own, however short the paragraph before it.
                if Self.isNewline(c) { lines += (total / width.points).rounded(.down) + 1; total = 0 }
                if lines + total / width.points > most { return style.font.size * (lines + (total / width.points).rounded(.down)) }
                i = scalars.index(after: i)
                start = i
            } else {
                if c == "\u{AD}" { softHyphen = true }
                i = scalars.index(after: i)
            }
        }
        word(until: scalars.endIndex)
        lines += (total / width.points).rounded(.down)
        return style.font.size * lines
    }

    /// Whether `text` set at `style` in `box.width` is certainly higher than `box`, by the lower
    /// bound of `minimumHeight`: first from the words measured so far (the rest as nothing),
    /// which often settles it (a long list: every item starts a line), then from all of them.
    /// The same answer as the second alone, since the first is never higher.
    private func certainlyTaller(_ text: String, style: TextStyle, box: Size) -> Bool {
        minimumHeight(text, style: style, width: box.width, limit: box.height, measuring: false) > box.height
            || minimumHeight(text, style: style, width: box.width, limit: box.height) > box.height
    }

    /// Whitespace as `Character.isWhitespace` has it, quick for ASCII.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 ? (c.value == 0x20 || (0x09...0x0D).contains(c.value)) : c.properties.isWhitespace
    }

    /// Line breaks as `Character.isNewline` has them.
    static func isNewline(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Sets as many whole lines as fit and returns the rest as overflow.
    private func split(_ text: String, style: TextStyle, box: Size) -> FitResult {
        _ = measure(text, style: style, width: box.width)
        let lines = layout.lines
        let utf8 = Array(text.utf8)
        let fitting = lines.prefix { $0.bottom <= box.height }.count
        guard fitting < lines.count else {
            return FitResult(text: text, fontSize: style.font.size, measured: layout.size, overflow: nil, shrunk: true)
        }
        var cut = lines[fitting].byteOffset
        // Never split a word between the box and its continuation (at a soft or a hard hyphen):
        // cut before the broken word, unless it is the only word, which then keeps its hyphen.
        if cut >= 1, utf8[cut - 1] != 0x20, utf8[cut - 1] != 0x0A,
           let space = utf8[..<cut].lastIndex(where: { $0 == 0x20 || $0 == 0x0A }), space > 0 {
            cut = space + 1
        }
        let movedBack = cut != lines[fitting].byteOffset
        var head = String(decoding: utf8[..<cut], as: UTF8.self)
        var tail = String(decoding: utf8[cut...], as: UTF8.self)
        let hyphen = head.hasSuffix("\u{AD}")
        if hyphen { head.removeLast(); head += "-" }
        while head.last?.isWhitespace == true { head.removeLast() }
        while tail.first?.isNewline == true || tail.first == " " { tail.removeFirst() }
        if movedBack || hyphen || fitting == 0 {
            let size = measure(head, style: style, width: box.width)
            return FitResult(text: head, fontSize: style.font.size, measured: size, overflow: tail.isEmpty ? nil : tail, shrunk: true)
        }
        // The head is the first lines of this layout as they stand: measure them there.
        let kept = Array(lines.prefix(fitting))
        let left = kept.map(\.left).min()!, right = kept.map(\.right).max()!
        return FitResult(text: head, fontSize: style.font.size, measured: Size(width: right - left, height: kept.last!.bottom),
                         overflow: tail.isEmpty ? nil : tail, shrunk: true, lines: kept, laidOut: text)
    }

    /// Widths of single words at one point, by font: with unhinted metrics a word's width
    /// scales with the size, so each word is laid out once however often sizes are tried.
    private var widthPerPoint: [TokenKey: Double] = [:]

    /// A word in a face, whatever its size; the face by its number in `faces`, so that a
    /// look-up hashes the word and an integer, not the family's name each time.
    private struct TokenKey: Hashable {
        var face: Int
        var token: UTF8Key
    }

    /// A face: family, weight, slant.
    private struct Face: Hashable {
        var family: String
        var weight: FontWeight
        var italic: Bool
    }
    private var faces: [Face: Int] = [:]
    /// The face asked for last and its number: words come in runs of one face.
    private var lastFace: (face: Face, number: Int)?

    private func faceNumber(_ f: FontSpec) -> Int {
        if let last = lastFace, last.face.weight == f.weight, last.face.italic == f.italic, last.face.family == f.family {
            return last.number
        }
        let face = Face(family: f.family, weight: f.weight, italic: f.italic)
        let number = faces[face] ?? faces.count
        faces[face] = number
        lastFace = (face, number)
        return number
    }

    /// A word's width in points when it has been measured, else nil (nothing is laid out).
    private func measuredWidth(_ token: String, style: TextStyle) -> Double? {
        let f = style.font
        return widthPerPoint[TokenKey(face: faceNumber(f), token: UTF8Key(token))].map { $0 * f.size.points }
    }

    private func tokenWidth(_ token: String, style: TextStyle) -> Length {
        if let w = measuredWidth(token, style: style) { return .pt(w) }
        let f = style.font
        if widthPerPoint.count > 50_000 { widthPerPoint.removeAll(keepingCapacity: true) }
        let w = measure(token, style: style, width: nil).width.points / f.size.points
        widthPerPoint[TokenKey(face: faceNumber(f), token: UTF8Key(token))] = w
        return .pt(w * f.size.points)
    }

    /// The breaks to offer in a word too wide for `width`: the strongest first (in Dutch mostly the
    /// boundaries of a compound), weaker ones only inside a part that is still too wide, so that
    /// "persoonsgegevens" breaks as "persoons-gegevens" before "per-soons-ge-ge-vens".
    func preferredBreaks(in word: String, style: TextStyle, width: Length) -> Set<Int> {
        // The same word in the same box comes back at every size step of a fit, and in every
        // session that uses it (a batch, the live werkblad on each change).
        let key = BreaksKey(face: faceNumber(style.font), size: style.font.size, width: width, word: UTF8Key(word))
        if let known = breaksCache[key] { return known }
        let chosen = choosePreferredBreaks(in: word, style: style, width: width)
        if breaksCache.count > 4_096 { breaksCache.removeAll(keepingCapacity: true) }
        breaksCache[key] = chosen
        return chosen
    }

    private struct BreaksKey: Hashable {
        var face: Int
        var size: Length
        var width: Length
        var word: UTF8Key
    }
    private var breaksCache: [BreaksKey: Set<Int>] = [:]

    private func choosePreferredBreaks(in word: String, style: TextStyle, width: Length) -> Set<Int> {
        guard let breaks = hyphenator?.breaks(in: word), !breaks.isEmpty else { return [] }
        let characters = Array(word)
        var chosen: Set<Int> = []
        for strength in Set(breaks.map(\.strength)).sorted(by: >) {
            // The parts between the breaks chosen so far; a part too wide (with its hyphen) gets this strength's breaks.
            let bounds = [0] + chosen.sorted() + [characters.count]
            for (start, end) in zip(bounds, bounds.dropFirst()) {
                var part = ""
                for character in characters[start..<end] { part.append(character) }   // not the generic String(_:)
                if end < characters.count { part.append("-") }
                guard tokenWidth(part, style: style) > width else { continue }
                for b in breaks where b.strength == strength && b.position > start && b.position < end { chosen.insert(b.position) }
            }
        }
        return chosen
    }

    /// Inserts soft hyphens into the words that are wider than `width` at this style. A word is
    /// measured with the punctuation attached to it, so "openbaarheid." counts as one piece.
    public func hyphenated(_ text: String, style: TextStyle, width: Length, anywhere: Bool = false) -> String {
        // The dictionary is only asked for (and so only loaded) once a word is too wide.
        guard hyphenation != nil else { return text }
        // Cheap filter: no letter is wider than an em, so a word of fewer letters than ems cannot overflow.
        let minChars = Int(width.points / style.font.size.points)
        // The words (runs between whitespace other than no-break spaces, which bind, as in
        // "•\u{A0}word": Pango keeps the pair on one line) that are too wide.
        let scalars = text.unicodeScalars
        var wide: [Range<String.Index>] = []
        var start = scalars.startIndex, count = 0
        func check(_ end: String.Index) {
            defer { count = 0 }
            guard count > max(minChars, 3) else { return }
            if tokenWidth(String(Substring(scalars[start..<end])), style: style) > width { wide.append(start..<end) }
        }
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            let next = scalars.index(after: i)
            if c != "\u{A0}" && Self.isWhitespace(c) { check(i); start = next } else { count += 1 }
            i = next
        }
        check(scalars.endIndex)
        guard !wide.isEmpty else { return text }
        guard anywhere || hyphenator != nil else { return text }
        var changed = false
        var output = ""
        output.reserveCapacity(text.utf8.count + 64)
        var done = text.startIndex
        for range in wide {
            // Sliced by scalars: a combining mark after a space starts a word here.
            // append(contentsOf: Substring), not the generic `+=`: the runtime would look the
            // conformance up (a scan of every record) on a cold run.
            output.append(contentsOf: Substring(scalars[done..<range.lowerBound]))
            done = range.upperBound
            var run = ""
            func flushRun() {
                defer { run = "" }
                // Anywhere, but keeping three letters on either side where the word is long enough.
                let points: Set<Int> = anywhere ? (run.count >= 6 ? Set(3...(run.count - 3)) : Set(1..<max(run.count, 1)))
                    : run.count >= 5 ? preferredBreaks(in: run, style: style, width: width) : []
                for (i, ch) in run.enumerated() {
                    output.append(ch)
                    if points.contains(i + 1) { output.append("\u{AD}"); changed = true }
                }
            }
            for ch in String(Substring(scalars[range])) {
                if ch.isLetter { run.append(ch) } else { flushRun(); output.append(ch) }
            }
            flushRun()
        }
        output.append(contentsOf: Substring(scalars[done...]))
        return changed ? output : text
    }
}
