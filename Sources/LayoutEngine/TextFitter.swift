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
}

/// Fits text into boxes: at the style's size if it fits, else smaller down to a minimum
/// (bisecting on one reused layout), else the rest is handed back as overflow.
/// Words too wide for the box are hyphenated first. Not thread-safe: one per thread.
public final class TextFitter {
    public let layout: TextLayout
    private let hyphenator: Hyphenator?
    /// Font-size precision of the bisection.
    public var precision = Length.pt(0.25)

    public init(fonts: FontLibrary, hyphenator: Hyphenator? = nil) {
        layout = TextLayout(fonts: fonts)
        self.hyphenator = hyphenator
    }

    /// Measures `text` set at `style` in `width`.
    public func measure(_ text: String, style: TextStyle, width: Length?) -> Size {
        layout.configure(text: text, font: style.font, width: width, alignment: style.alignment,
                         lineSpacing: style.lineSpacing)
        return layout.size
    }

    public func fit(_ text: String, style: TextStyle, in box: Size, minimumSize: Length) -> FitResult {
        let normal = style.font.size
        let prepared = hyphenated(text, style: style, width: box.width)
        if let size = fits(prepared, style: style, box: box) {
            return FitResult(text: prepared, fontSize: normal, measured: size, overflow: nil)
        }
        let minimum = min(minimumSize, normal)
        if minimum < normal {
            let smallest = style.sized(minimum)
            let atMinimum = hyphenated(text, style: smallest, width: box.width)
            if fits(atMinimum, style: smallest, box: box) != nil {
                var low = minimum, high = normal   // low fits, high does not
                while high - low > precision {
                    let mid = (low + high) / 2
                    if fits(hyphenated(text, style: style.sized(mid), width: box.width), style: style.sized(mid), box: box) != nil {
                        low = mid
                    } else {
                        high = mid
                    }
                }
                let final = style.sized(low)
                let setText = hyphenated(text, style: final, width: box.width)
                let size = fits(setText, style: final, box: box)!
                return FitResult(text: setText, fontSize: low, measured: size, overflow: nil, shrunk: true)
            }
        }
        return split(hyphenated(text, style: style.sized(minimum), width: box.width), style: style.sized(minimum), box: box)
    }

    /// The measured size when `text` fits `box` at `style`, nil otherwise.
    private func fits(_ text: String, style: TextStyle, box: Size) -> Size? {
        let size = measure(text, style: style, width: box.width)
        return size.height <= box.height && layout.widestLine <= box.width + .pt(0.01) ? size : nil
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
        let cut = lines[fitting].byteOffset
        var head = String(decoding: utf8[..<cut], as: UTF8.self)
        var tail = String(decoding: utf8[cut...], as: UTF8.self)
        // A break inside a word at a soft hyphen: keep the hyphen visible at the end of the head.
        if head.hasSuffix("\u{AD}") { head.removeLast(); head += "-" }
        while head.last?.isWhitespace == true { head.removeLast() }
        while tail.first?.isNewline == true || tail.first == " " { tail.removeFirst() }
        let size = measure(head, style: style, width: box.width)
        return FitResult(text: head, fontSize: style.font.size, measured: size, overflow: tail.isEmpty ? nil : tail, shrunk: true)
    }

    /// Inserts soft hyphens into the words that are wider than `width` at this style. A word is
    /// measured with the punctuation attached to it, so "openbaarheid." counts as one piece.
    public func hyphenated(_ text: String, style: TextStyle, width: Length) -> String {
        guard let hyphenator else { return text }
        // Cheap filter: no letter is wider than an em, so a word of fewer letters than ems cannot overflow.
        let minChars = Int(width.points / style.font.size.points)
        var changed = false
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var token = ""
        func flush() {
            defer { token = "" }
            guard token.count > max(minChars, 3),
                  measure(token, style: style, width: nil).width > width else { output += token; return }
            var run = ""
            func flushRun() {
                defer { run = "" }
                let points = run.count >= 5 ? Set(hyphenator.breakPoints(in: run)) : []
                for (i, ch) in run.enumerated() {
                    output.append(ch)
                    if points.contains(i + 1) { output.append("\u{AD}"); changed = true }
                }
            }
            for ch in token {
                if ch.isLetter { run.append(ch) } else { flushRun(); output.append(ch) }
            }
            flushRun()
        }
        for ch in text {
            if ch.isWhitespace { flush(); output.append(ch) } else { token.append(ch) }
        }
        flush()
        return changed ? output : text
    }
}
