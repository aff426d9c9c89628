import CCairo
import CPango

public enum FontWeight: Sendable, Hashable { case regular, bold }
public enum TextAlignment: Sendable, Hashable { case left, center, right }

public struct FontSpec: Sendable, Hashable {
    public var family: String
    public var size: Length
    public var weight: FontWeight
    public var italic: Bool

    public init(family: String, size: Length, weight: FontWeight = .regular, italic: Bool = false) {
        self.family = family; self.size = size; self.weight = weight; self.italic = italic
    }
}

/// Emphasis over a range of a text, in UTF-8 byte offsets.
public struct TextSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var bold: Bool
    public var italic: Bool

    public init(start: Int, end: Int, bold: Bool = false, italic: Bool = false) {
        self.start = start; self.end = end; self.bold = bold; self.italic = italic
    }
}

/// A text layout: one Pango layout, owned, reused for many measurements.
/// Not thread-safe: use one per thread.
public final class TextLayout {
    private let context: OpaquePointer
    private(set) var layout: OpaquePointer
    public let fonts: FontLibrary
    /// Where finished layouts go from measuring to drawing; nil: nowhere.
    public let store: LayoutStore?

    /// Everything `configure` was last given.
    struct Configuration: Hashable {
        var text: String
        var font: FontSpec
        var width: Length?
        var alignment: TextAlignment
        var lineSpacing: Double
        var spans: [TextSpan]

        // The text by its bytes (see UTF8Key): compared and hashed on every configure.
        static func == (a: Configuration, b: Configuration) -> Bool {
            a.isSame(text: b.text, font: b.font, width: b.width, alignment: b.alignment, lineSpacing: b.lineSpacing, spans: b.spans)
        }

        func isSame(text: String, font: FontSpec, width: Length?, alignment: TextAlignment, lineSpacing: Double,
                    spans: [TextSpan]) -> Bool {
            self.font == font && self.width == width && self.alignment == alignment && self.lineSpacing == lineSpacing
                && self.spans == spans && self.text.sameBytes(as: text)
        }

        func hash(into hasher: inout Hasher) {
            text.hashBytes(into: &hasher)
            hasher.combine(font); hasher.combine(width); hasher.combine(alignment)
            hasher.combine(lineSpacing); hasher.combine(spans)
        }
    }
    /// A configuration with its hash, worked out once: the store and `recent` look layouts up
    /// by it many times, and hashing a text means reading all of it.
    struct Key: Hashable {
        var configuration: Configuration
        var hash: Int

        init(_ configuration: Configuration) {
            self.configuration = configuration
            hash = configuration.hashValue
        }

        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && a.configuration == b.configuration }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }
    private var current: Key?
    /// Whether short texts are laid out unwrapped first (see `configure`); off only to compare.
    public var unwrappedFirst = true
    /// How many layouts stood as laid out unwrapped (for tests and the benchmark).
    public private(set) var unwrappedKept = 0
    /// How many texts were laid out by Pango, not found laid out already (for tests and the benchmark).
    public private(set) var laidOut = 0
    /// Whether `layout` came from the store (and may be shared with it).
    private var fromStore = false
    /// The layouts of the last few configurations before `current`, oldest first, each owned
    /// here alone: a text measured again as it was (a box's need, then its fit at the same size)
    /// takes its layout back instead of being shaped again.
    /// Bounded in number and in bytes of text (a long text's layout holds a lot of memory).
    private var recent: [(key: Key, layout: OpaquePointer)] = []
    private var recentBytes = 0
    private static let recentLimit = 64
    private static let recentByteLimit = 256 * 1024

    public init(fonts: FontLibrary, store: LayoutStore? = nil) {
        self.fonts = fonts
        self.store = store
        context = pango_font_map_create_context(fonts.fontMap)
        // Device-independent metrics: one point is one unit, no hinting, no rounding,
        // so that measuring and drawing agree on every surface.
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        layout = Self.newLayout(context)
    }

    private static func newLayout(_ context: OpaquePointer) -> OpaquePointer {
        let layout = pango_layout_new(context)!
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        return layout
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        for entry in recent { g_object_unref(UnsafeMutableRawPointer(entry.layout)) }
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// Puts the layout in hand aside before another is taken: into `recent` when it holds a
    /// configuration and is ours alone, else released. Returns a layout free to configure when
    /// `recent` overflows (its oldest), so that a new one need not be made.
    /// Leaves `current` nil (moved out, not copied): the caller gives it the next configuration.
    private func setAside() -> OpaquePointer? {
        guard let current = current.take() else {
            g_object_unref(UnsafeMutableRawPointer(layout))
            return nil
        }
        if fromStore {
            // Unchanged: the store keeps it for the documents after this one.
            store!.giveBack(current, layout)
            return nil
        }
        recent.append((current, layout))
        recentBytes += current.configuration.text.utf8.count
        var spare: OpaquePointer?
        while recent.count > Self.recentLimit || (recentBytes > Self.recentByteLimit && recent.count > 1) {
            let oldest = recent.removeFirst()
            recentBytes -= oldest.key.configuration.text.utf8.count
            if let spare { g_object_unref(UnsafeMutableRawPointer(spare)) }
            spare = oldest.layout
        }
        return spare
    }

    /// Sets everything that decides where the lines break. `width` nil means one unbroken line per paragraph.
    public func configure(text: String, font: FontSpec, width: Length?, alignment: TextAlignment = .left,
                          lineSpacing: Double = 1.2, spans: [TextSpan] = []) {
        // Laying out the same text the same way again costs nothing: Pango keeps its lines.
        // Compared in place: a Configuration made and `current`'s copied for `!=` were three
        // copies of each of its strings and arrays on every call.
        if current?.configuration.isSame(text: text, font: font, width: width, alignment: alignment,
                                         lineSpacing: lineSpacing, spans: spans) == true { return }
        let configuration = Configuration(text: text, font: font, width: width, alignment: alignment,
                                          lineSpacing: lineSpacing, spans: spans)
        cachedLines = nil
        let key = Key(configuration)
        if let kept = store?.take(key) {
            if let spare = setAside() { g_object_unref(UnsafeMutableRawPointer(spare)) }
            current = key
            layout = kept
            fromStore = true
            return
        }
        // Compared by hash first: the texts in `recent` often share long beginnings.
        if let index = recent.firstIndex(where: { $0.key == key }) {
            let hit = recent.remove(at: index).layout
            recentBytes -= text.utf8.count
            if let spare = setAside() { g_object_unref(UnsafeMutableRawPointer(spare)) }
            current = key
            layout = hit
            fromStore = false
            return
        }
        if current != nil || fromStore {
            // The layout in hand is kept (or, shared with the store, never changed): another one.
            layout = setAside() ?? Self.newLayout(context)
            fromStore = false
        }
        current = key
        laidOut += 1
        Self.setFont(font, on: layout)
        let units = width.map { PangoUnits.from($0) } ?? -1
        // Pango shapes every paragraph twice when it may wrap it (once whole, once as the line
        // it becomes), and once when it may not. Text whose paragraphs all look short enough is
        // laid out unwrapped first; if every line then fits the width as a single left-to-right
        // run, wrapping would have left it exactly so, and that layout stands. Otherwise it is
        // laid out again, wrapped.
        let tryUnwrapped = unwrappedFirst && units >= 0 && alignment == .left && spans.isEmpty
            && Self.looksUnbroken(text, size: font.size, width: width!)
        pango_layout_set_width(layout, tryUnwrapped ? -1 : units)
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(layout, Float(lineSpacing))
        // A text of bullet points only ("•\u{A0}" at the start of every line) hangs its lines
        // under the first word, as a list is set; other texts start every line at the edge.
        pango_layout_set_indent(layout, width != nil && Self.isBulletList(text) ? -bulletIndent(font) : 0)
        text.withCString { pango_layout_set_text(layout, $0, -1) }   // the string's own bytes, not a copy
        if spans.isEmpty {
            pango_layout_set_attributes(layout, nil)
        } else {
            let list = pango_attr_list_new()
            for span in spans {
                for attribute in [span.bold ? pango_attr_weight_new(PANGO_WEIGHT_BOLD) : nil,
                                  span.italic ? pango_attr_style_new(PANGO_STYLE_ITALIC) : nil] {
                    guard let attribute else { continue }
                    attribute.pointee.start_index = UInt32(span.start)
                    attribute.pointee.end_index = UInt32(span.end)
                    pango_attr_list_insert(list, attribute)   // the list owns it
                }
            }
            pango_layout_set_attributes(layout, list)
            pango_attr_list_unref(list)
        }
        if tryUnwrapped {
            if Self.linesFit(layout, width: units) { unwrappedKept += 1 } else { pango_layout_set_width(layout, units) }
        }
    }

    /// Whether a layout of `text` should be tried unwrapped first: no tab or soft hyphen (whose
    /// handling differs when wrapping), and no paragraph so long that it likely wraps (more
    /// characters than fit at 0.6 em each: Latin text averages about half an em).
    static func looksUnbroken(_ text: String, size: Length, width: Length) -> Bool {
        let most = Int(width.points / (size.points * 0.6))
        var characters = 0
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A: characters = 0
            case 0x09: return false
            case 0xAD where previous == 0xC2: return false
            case 0x80...0xBF: break   // a continuation byte: the same character
            default:
                characters += 1
                if characters > most { return false }
            }
            previous = byte
        }
        return true
    }

    /// True when every line of `layout` (laid out unwrapped) is one left-to-right run no wider
    /// than `width` Pango units: wrapped at that width, Pango would break none of them.
    private static func linesFit(_ layout: OpaquePointer, width: Int32) -> Bool {
        for i in 0..<pango_layout_get_line_count(layout) {
            guard let line = pango_layout_get_line_readonly(layout, i) else { return false }
            if g_slist_length(line.pointee.runs) > 1 || pango_layout_line_get_resolved_direction(line) != PANGO_DIRECTION_LTR {
                return false
            }
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_line_get_extents(line, &ink, &logical)
            if logical.x != 0 || logical.width > width { return false }
        }
        return true
    }

    /// Sets `font` (family, size, weight, slant) on a layout.
    private static func setFont(_ font: FontSpec, on layout: OpaquePointer) {
        let description = pango_font_description_new()
        font.family.withCString { pango_font_description_set_family(description, $0) }
        pango_font_description_set_absolute_size(description, Double(PangoUnits.from(font.size)))
        pango_font_description_set_weight(description, font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
    }

    /// Whether every line of `text` is a bullet point as the session model writes them.
    static func isBulletList(_ text: String) -> Bool {
        let utf8 = text.utf8
        // "•" is E2 80 A2, the no-break space C2 A0.
        let bullet: [UInt8] = [0xE2, 0x80, 0xA2, 0xC2, 0xA0]
        guard utf8.starts(with: bullet) else { return false }
        var atLineStart = false
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if atLineStart {
                guard utf8[index...].starts(with: bullet) else { return false }
                atLineStart = false
            }
            if utf8[index] == 0x0A { atLineStart = true }
            index = utf8.index(after: index)
        }
        return !atLineStart
    }

    /// The width of "•\u{A0}" in `font`, in Pango units: how far a bullet point's lines hang.
    private func bulletIndent(_ font: FontSpec) -> Int32 {
        if let known = bulletIndents[font] { return known }
        let scratch = Self.newLayout(context)
        defer { g_object_unref(UnsafeMutableRawPointer(scratch)) }
        Self.setFont(font, on: scratch)
        pango_layout_set_text(scratch, "•\u{A0}", -1)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(scratch, &ink, &logical)
        bulletIndents[font] = logical.width
        return logical.width
    }
    private var bulletIndents: [FontSpec: Int32] = [:]

    /// Hands the layout of the text laid out exactly as given (as it will be drawn) to the store:
    /// the current one, and continues with a new one; or one of the recent ones (a table's cells
    /// are all fitted before any of them is placed).
    public func keep(text: String, font: FontSpec, width: Length?, alignment: TextAlignment,
                     lineSpacing: Double, spans: [TextSpan]) {
        guard let store else { return }
        if current?.configuration.isSame(text: text, font: font, width: width, alignment: alignment,
                                         lineSpacing: lineSpacing, spans: spans) == true {
            guard store.put(current!, layout) else { return }
            // The store has our reference now (a layout taken from it goes back as one use more).
            layout = Self.newLayout(context)
            fromStore = false
            current = nil
            cachedLines = nil
            return
        }
        let key = Key(Configuration(text: text, font: font, width: width, alignment: alignment,
                                    lineSpacing: lineSpacing, spans: spans))
        guard let index = recent.lastIndex(where: { $0.key == key }), store.put(key, recent[index].layout) else { return }
        // Owned here alone, it is the store's now.
        recent.remove(at: index)
        recentBytes -= text.utf8.count
    }

    /// The logical size of the laid-out text.
    public var size: Size {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return Size(width: PangoUnits.toLength(logical.width), height: PangoUnits.toLength(logical.height))
    }

    public var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    /// Glyphs drawn as boxes because no font had them.
    public var unknownGlyphCount: Int { Int(pango_layout_get_unknown_glyphs_count(layout)) }

    /// The logical width of the widest line.
    public var widestLine: Length {
        var widest: Int32 = 0
        for i in 0..<pango_layout_get_line_count(layout) {
            let line = pango_layout_get_line_readonly(layout, i)
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_line_get_extents(line, &ink, &logical)
            widest = max(widest, logical.width)
        }
        return PangoUnits.toLength(widest)
    }

    /// The lines as laid out (kept until the layout changes).
    public var lines: [LineBox] {
        if let cachedLines { return cachedLines }
        let result = readLines()
        cachedLines = result
        return result
    }
    private var cachedLines: [LineBox]?

    private func readLines() -> [LineBox] {
        var result: [LineBox] = []
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        repeat {
            let line = pango_layout_iter_get_line_readonly(iter)
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, &ink, &logical)
            result.append(LineBox(byteOffset: Int(line!.pointee.start_index), top: PangoUnits.toLength(logical.y),
                                  bottom: PangoUnits.toLength(logical.y + logical.height),
                                  baseline: PangoUnits.toLength(pango_layout_iter_get_baseline(iter)),
                                  left: PangoUnits.toLength(logical.x), right: PangoUnits.toLength(logical.x + logical.width)))
        } while pango_layout_iter_next_line(iter) != 0
        return result
    }
}

/// One laid-out line: the UTF-8 byte offset where it starts, the top and bottom of its logical
/// box and its baseline, from the layout's top, and the left and right of its logical box.
public struct LineBox: Sendable, Hashable {
    public var byteOffset: Int
    public var top: Length
    public var bottom: Length
    public var baseline: Length
    public var left: Length
    public var right: Length
}
