import Foundation
import Graphics
import LayoutEngine

/// The file formats pages are written in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case pdf, png, svg

    /// The format named by a path's extension, nil when it names none.
    public init?(path: String) {
        self.init(rawValue: (path as NSString).pathExtension.lowercased())
    }
}

/// Draws frames onto surfaces and writes files atomically (a temporary file, then a rename).
public final class FrameRenderer {
    public let fonts: FontLibrary
    private let layout: TextLayout
    public var dpi: Double = 150

    /// The layouts in `store` are drawn as they are (and the store emptied after each file).
    public init(fonts: FontLibrary, store: LayoutStore? = nil) {
        self.fonts = fonts
        layout = TextLayout(fonts: fonts, store: store)
    }

    /// Writes `frames` to `path` in the format its extension names. A PDF holds every page;
    /// PNG and SVG write one file per page, `name-2.png` and so on after the first.
    /// Returns the paths written.
    @discardableResult
    /// With `archive`, a PDF is made PDF/A-2b (tagged, with the frames' figure texts); other formats ignore it.
    /// `formFont` is the font a PDF form's fields name for typed text; needed when a frame holds fields.
    public func write(_ frames: [Frame], to path: String, metadata: PDFMetadata, archive: ArchiveSettings? = nil,
                      formFont: PDFFormFont? = nil) throws -> [String] {
        guard let format = OutputFormat(path: path) else { throw RenderError.unknownFormat(path: path) }
        guard !frames.isEmpty else { return [] }
        defer { layout.store?.endDocument() }
        switch format {
        case .pdf:
            do {
                let surface = try Surface.pdf(pageSize: frames[0].size, metadata: metadata)
                let canvas = try Canvas(surface: surface)
                var parents: [Int32] = [0]
                var attributes: [StructureAttribute] = []
                for (index, frame) in frames.enumerated() {
                    surface.setPageSize(frame.size)
                    if let title = frame.outlineTitle { parents = [0, surface.addOutline(title: title, page: index + 1)] }
                    for entry in frame.outline {
                        let level = min(entry.level, parents.count - 1)
                        parents = Array(parents.prefix(level + 1))
                        parents.append(surface.addOutline(title: entry.title, page: index + 1, top: entry.top, parent: parents[level]))
                    }
                    // The paper, painted first: the page looks the same, and cairo's record of what it
                    // can write as vectors stays one rectangle (its region union takes the fast path
                    // for every later item: 1.3 % fewer instructions per document). An artifact in
                    // the archive version (ArtifactMarking).
                    canvas.fill(Rect(x: .zero, y: .zero, width: frame.size.width, height: frame.size.height), color: .white)
                    draw(frame.items, on: canvas, attributes: &attributes)
                    try canvas.showPage()
                }
                // Each field's appearance on a page of its own after the document's pages; the form
                // pass makes those pages the widgets' appearance streams and removes them.
                var fields: [PDFFormField] = []
                for (index, frame) in frames.enumerated() where frame.hasFields {
                    for field in frame.fields {
                        fields.append(PDFFormField(name: field.name, tooltip: field.tooltip, value: field.value, page: index,
                                                   x: field.rect.x.points, y: (frame.size.height - field.rect.maxY).points,
                                                   width: field.rect.width.points, height: field.rect.height.points,
                                                   fontSize: field.fontSize.points, multiline: field.multiline,
                                                   appearancePage: frames.count + fields.count))
                        surface.setPageSize(field.rect.size)
                        var unused: [StructureAttribute] = []
                        draw(field.appearance, on: canvas, attributes: &unused, tagged: false)
                        try canvas.showPage()
                    }
                }
                try surface.finish()
                var pdf = surface.data
                if !fields.isEmpty {
                    guard let formFont else { throw RenderError.noFormFont }
                    pdf = try PDFForm(pdf: pdf).withFields(fields, font: formFont)
                }
                if var archive {
                    archive.structureAttributes = attributes
                    pdf = try PDFArchive(pdf: pdf).archived(metadata, archive)
                }
                try FileOutput.write(pdf, to: path, durability: .atomic)
            }
            return [path]
        case .png, .svg:
            var written: [String] = []
            for (index, frame) in frames.enumerated() {
                let pagePath = index == 0 ? path : Self.pagePath(path, page: index + 1)
                let surface = format == .png
                    ? try Surface.image(pageSize: frame.size, dpi: dpi)
                    : try Surface.svg(pageSize: frame.size)
                let canvas = try Canvas(surface: surface)
                var unused: [StructureAttribute] = []
                draw(frame.items, on: canvas, attributes: &unused)
                try canvas.check("draw")
                if format == .png {
                    try FileOutput.write(try surface.pngData(), to: pagePath, durability: .atomic)
                } else {
                    try surface.finish()
                    try FileOutput.write(surface.data, to: pagePath, durability: .atomic)
                }
                written.append(pagePath)
            }
            return written
        }
    }

    /// `dir/name-N.ext` for page N of `dir/name.ext`.
    public static func pagePath(_ path: String, page: Int) -> String {
        let ns = path as NSString
        return (ns.deletingPathExtension + "-\(page)") + "." + ns.pathExtension
    }

    /// Draws `items` in order; `attributes` collects, in the order the tags are opened, what the
    /// figures and header cells carry, for the archive pass.
    private func draw(_ items: [Item], on canvas: Canvas, attributes: inout [StructureAttribute], tagged: Bool = true) {
        for item in items {
            switch item {
            case let .rect(rect, fill, stroke, width, radius):
                if let fill { canvas.fill(rect, color: fill, radius: radius) }
                if let stroke { canvas.stroke(rect, color: stroke, width: width, radius: radius) }
            case let .line(from, to, color, width, dash):
                canvas.line(from: from, to: to, color: color, width: width, dash: dash)
            case let .polygon(points, fill, stroke, width, dash):
                canvas.polygon(points, fill: fill, stroke: stroke, width: width, dash: dash)
            case let .ellipse(rect, fill, stroke, width):
                canvas.ellipse(rect, fill: fill, stroke: stroke, width: width)
            case let .text(t):
                if let part = t.excerpt {
                    // The same whole for each of its parts in a row: laid out once.
                    layout.configure(text: part.whole, font: t.style.font, width: t.box.width,
                                     alignment: t.style.alignment, lineSpacing: t.style.lineSpacing, spans: t.spans)
                    canvas.draw(layout, lines: part.lines, at: part.origin, color: t.style.color)
                } else {
                    layout.configure(text: t.text, font: t.style.font, width: t.box.width,
                                     alignment: t.style.alignment, lineSpacing: t.style.lineSpacing, spans: t.spans)
                    canvas.draw(layout, at: t.box.origin, color: t.style.color)
                }
            case let .artifact(inner):
                draw(inner, on: canvas, attributes: &attributes, tagged: tagged)
            case let .tagged(_, inner) where !tagged, let .figure(_, inner) where !tagged:
                draw(inner, on: canvas, attributes: &attributes, tagged: false)
            case let .field(field):
                // In a PDF the field is drawn by its appearance (after the pages); in an image, here.
                if canvas.surface.kind == .pdf { continue }
                canvas.clipped(to: field.rect, offset: field.rect.origin) {
                    draw(field.appearance, on: canvas, attributes: &attributes, tagged: false)
                }
            case let .tagged(role, inner):
                if case .header(let scope) = role { attributes.append(.header(scope: scope.rawValue)) }
                canvas.beginTag(role.tag)
                draw(Self.withoutMixedContent(inner), on: canvas, attributes: &attributes)
                canvas.endTag(role.tag)
            case let .figure(alt, inner):
                attributes.append(.figure(alt: alt))
                canvas.beginTag("Figure")
                draw(Self.withoutMixedContent(inner), on: canvas, attributes: &attributes)
                canvas.endTag("Figure")
            case let .clipped(clip, offset, scale, inner):
                canvas.clipped(to: clip, offset: offset, scale: scale) { draw(inner, on: canvas, attributes: &attributes, tagged: tagged) }
            }
        }
    }

    /// cairo 1.16 marks the content of a structure element only while it has no child element:
    /// text drawn directly in an element that also holds elements (a column header's "Speler A"
    /// beside the player's name) ends up unmarked, so the archive pass makes it an artifact and a
    /// screen reader never hears it. Such text gets an element of its own, a P, at its place.
    static func withoutMixedContent(_ items: [Item]) -> [Item] {
        func holdsElement(_ item: Item) -> Bool {
            switch item {
            case .tagged, .figure: return true
            case .clipped(_, _, _, let inner): return inner.contains(where: holdsElement)
            default: return false
            }
        }
        guard items.contains(where: holdsElement) else { return items }
        return items.map { item in
            switch item {
            case .text: return .tagged(.paragraph, [item])
            case let .clipped(rect, offset, scale, inner): return .clipped(rect, offset: offset, scale: scale, withoutMixedContent(inner))
            default: return item
            }
        }
    }

}

public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFormat(path: String)
    case missingDirectory(path: String)
    case cannotWrite(path: String)
    case noFormFont

    public var description: String {
        switch self {
        case let .unknownFormat(path): return "\(path): onbekend uitvoerformaat; gebruik .pdf, .png of .svg"
        case let .missingDirectory(path): return "\(path): map bestaat niet"
        case let .cannotWrite(path): return "\(path): kan niet worden geschreven"
        case .noFormFont: return "het lettertype voor invulvelden (FormFont/) ontbreekt"
        }
    }
}
