import CCairo
import CPango

public enum LineCap: Sendable, Hashable { case butt, round }

/// Draws on a surface through one cairo context, owned. Coordinates are points from the page's top left.
public final class Canvas {
    let cr: OpaquePointer
    public let surface: Surface

    public init(surface: Surface) throws {
        self.surface = surface
        cr = cairo_create(surface.raw)
        try check("create context")
        if surface.scale != 1 { cairo_scale(cr, surface.scale, surface.scale) }
        // PNG and SVG get a white page, as the paper a PDF is printed on; a transparent SVG is unreadable in a dark viewer.
        if surface.kind != .pdf { clear(.white) }
    }

    deinit { cairo_destroy(cr) }

    public func clear(_ color: Color) {
        setSource(color)
        cairo_paint(cr)
    }

    public func fill(_ rect: Rect, color: Color, radius: Length = .zero) {
        path(rect, radius: radius)
        setSource(color)
        cairo_fill(cr)
    }

    public func stroke(_ rect: Rect, color: Color, width: Length, radius: Length = .zero) {
        path(rect, radius: radius)
        setSource(color)
        cairo_set_line_width(cr, width.points)
        cairo_stroke(cr)
    }

    public func line(from a: Point, to b: Point, color: Color, width: Length, dash: [Length] = [], cap: LineCap = .butt) {
        cairo_move_to(cr, a.x.points, a.y.points)
        cairo_line_to(cr, b.x.points, b.y.points)
        setSource(color)
        cairo_set_line_width(cr, width.points)
        cairo_set_line_cap(cr, cap == .round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        let pattern = dash.map(\.points)
        cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    /// A closed polygon, filled and/or stroked.
    public func polygon(_ points: [Point], fill: Color?, stroke: Color?, width: Length = .pt(1), dash: [Length] = []) {
        guard let first = points.first else { return }
        cairo_move_to(cr, first.x.points, first.y.points)
        for p in points.dropFirst() { cairo_line_to(cr, p.x.points, p.y.points) }
        cairo_close_path(cr)
        if let fill {
            setSource(fill)
            if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke {
            setSource(stroke)
            cairo_set_line_width(cr, width.points)
            let pattern = dash.map(\.points)
            cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        }
    }

    /// Runs `body` with drawing clipped to `clip`, the origin moved by `offset` and lengths scaled by `scale`.
    public func clipped(to clip: Rect, offset: Point, scale: Double = 1, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, clip.x.points, clip.y.points, clip.width.points, clip.height.points)
        cairo_clip(cr)
        cairo_translate(cr, offset.x.points, offset.y.points)
        if scale != 1 { cairo_scale(cr, scale, scale) }
        body()
        cairo_restore(cr)
    }

    /// An ellipse inscribed in `rect`, filled and/or stroked.
    public func ellipse(_ rect: Rect, fill: Color?, stroke: Color?, width: Length = .pt(1)) {
        cairo_save(cr)
        cairo_translate(cr, (rect.x + rect.width / 2).points, (rect.y + rect.height / 2).points)
        cairo_scale(cr, rect.width.points / 2, rect.height.points / 2)
        cairo_new_path(cr)
        cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
        cairo_restore(cr)
        if let fill {
            setSource(fill)
            if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
        }
        if let stroke {
            setSource(stroke)
            cairo_set_line_width(cr, width.points)
            cairo_stroke(cr)
        }
    }

    /// Draws the text of `layout` with its top left corner at `origin`.
    public func draw(_ layout: TextLayout, at origin: Point, color: Color) {
        setSource(color)
        cairo_move_to(cr, origin.x.points, origin.y.points)
        pango_cairo_show_layout(cr, layout.layout)
    }

    /// Draws some of the lines of `layout`, each where it stands in the whole with the layout's
    /// top left at `origin`.
    public func draw(_ layout: TextLayout, lines: Range<Int>, at origin: Point, color: Color) {
        setSource(color)
        let boxes = layout.lines
        for i in lines where i < boxes.count {
            guard let line = pango_layout_get_line_readonly(layout.layout, Int32(i)) else { continue }
            cairo_move_to(cr, (origin.x + boxes[i].left).points, (origin.y + boxes[i].baseline).points)
            pango_cairo_show_layout_line(cr, line)
        }
    }

    /// Starts a structure element of a tagged PDF (`H1`, `P`, `Table`, ...); ignored elsewhere.
    public func beginTag(_ name: String, attributes: String = "") {
        // withCString hands over the string's own bytes; passing a String where C wants a
        // `const char *` copies it into a new array on every call.
        guard surface.kind == .pdf else { return }
        name.withCString { name in attributes.withCString { cairo_tag_begin(cr, name, $0) } }
    }

    public func endTag(_ name: String) {
        guard surface.kind == .pdf else { return }
        name.withCString { cairo_tag_end(cr, $0) }
    }

    /// Ends the page (PDF: a new page follows on the next draw).
    public func showPage() throws {
        cairo_show_page(cr)
        try check("show page")
    }

    public func check(_ operation: String) throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }

    private func setSource(_ c: Color) {
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
    }

    private func path(_ r: Rect, radius: Length) {
        guard radius > .zero else {
            cairo_rectangle(cr, r.x.points, r.y.points, r.width.points, r.height.points)
            return
        }
        let rad = min(radius.points, r.width.points / 2, r.height.points / 2)
        let (x0, y0, x1, y1) = (r.minX.points, r.minY.points, r.maxX.points, r.maxY.points)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x1 - rad, y0 + rad, rad, -.pi / 2, 0)
        cairo_arc(cr, x1 - rad, y1 - rad, rad, 0, .pi / 2)
        cairo_arc(cr, x0 + rad, y1 - rad, rad, .pi / 2, .pi)
        cairo_arc(cr, x0 + rad, y0 + rad, rad, .pi, 3 * .pi / 2)
        cairo_close_path(cr)
    }
}
