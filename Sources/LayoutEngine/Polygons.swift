import Foundation
import Graphics

/// Plane geometry on convex polygons, for diagrams.
public enum Polygons {
    /// The intersection of two convex polygons (Sutherland–Hodgman); empty when they do not overlap.
    public static func intersection(_ subject: [Point], _ clip: [Point]) -> [Point] {
        var output = subject
        let orientation = signedArea(clip) >= 0 ? 1.0 : -1.0
        for i in clip.indices {
            guard !output.isEmpty else { break }
            let a = clip[i], b = clip[(i + 1) % clip.count]
            let input = output
            output = []
            func inside(_ p: Point) -> Bool { orientation * cross(a, b, p) >= -1e-9 }
            for j in input.indices {
                let current = input[j], previous = input[(j + input.count - 1) % input.count]
                if inside(current) {
                    if !inside(previous) { output.append(crossing(previous, current, a, b)) }
                    output.append(current)
                } else if inside(previous) {
                    output.append(crossing(previous, current, a, b))
                }
            }
        }
        return abs(signedArea(output)) < 1e-6 ? [] : output
    }

    /// Area in square points, positive when the points run counter-clockwise in page coordinates' maths sense.
    public static func signedArea(_ points: [Point]) -> Double {
        guard points.count > 2 else { return 0 }
        var sum = 0.0
        for i in points.indices {
            let p = points[i], q = points[(i + 1) % points.count]
            sum += p.x.points * q.y.points - q.x.points * p.y.points
        }
        return sum / 2
    }

    public static func area(_ points: [Point]) -> Double { abs(signedArea(points)) }

    /// Parallel lines at `angle` degrees, `spacing` apart, cut to the convex `polygon`: a hatch pattern.
    public static func hatch(_ polygon: [Point], spacing: Length, angle: Double) -> [(Point, Point)] {
        guard polygon.count > 2, spacing.points > 0 else { return [] }
        let t = angle * .pi / 180
        let (dx, dy) = (cos(t), sin(t))           // direction of the lines
        let (nx, ny) = (-dy, dx)                  // their normal
        let offsets = polygon.map { $0.x.points * nx + $0.y.points * ny }
        var lines: [(Point, Point)] = []
        var c = (offsets.min()! / spacing.points).rounded(.up) * spacing.points
        while c <= offsets.max()! {
            var hits: [Double] = []
            for i in polygon.indices {
                let p = polygon[i], q = polygon[(i + 1) % polygon.count]
                let op = offsets[i], oq = offsets[(i + 1) % polygon.count]
                if (op - c) * (oq - c) < 0 || (op == c && oq != c) {
                    let s = (c - op) / (oq - op)
                    let x = p.x.points + s * (q.x.points - p.x.points), y = p.y.points + s * (q.y.points - p.y.points)
                    hits.append(x * dx + y * dy)
                }
            }
            if let lo = hits.min(), let hi = hits.max(), hi - lo > 0.01 {
                func at(_ u: Double) -> Point { Point(x: .pt(u * dx + c * nx), y: .pt(u * dy + c * ny)) }
                lines.append((at(lo), at(hi)))
            }
            c += spacing.points
        }
        return lines
    }

    /// The bounding box of points.
    public static func bounds(_ points: [Point]) -> Rect {
        let xs = points.map(\.x.points), ys = points.map(\.y.points)
        let x = xs.min() ?? 0, y = ys.min() ?? 0
        return Rect(x: .pt(x), y: .pt(y), width: .pt((xs.max() ?? 0) - x), height: .pt((ys.max() ?? 0) - y))
    }

    private static func cross(_ a: Point, _ b: Point, _ p: Point) -> Double {
        (b.x.points - a.x.points) * (p.y.points - a.y.points) - (b.y.points - a.y.points) * (p.x.points - a.x.points)
    }

    private static func crossing(_ p: Point, _ q: Point, _ a: Point, _ b: Point) -> Point {
        let (x1, y1, x2, y2) = (p.x.points, p.y.points, q.x.points, q.y.points)
        let (x3, y3, x4, y4) = (a.x.points, a.y.points, b.x.points, b.y.points)
        let d = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
        guard abs(d) > 1e-12 else { return q }
        let t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / d
        return Point(x: .pt(x1 + t * (x2 - x1)), y: .pt(y1 + t * (y2 - y1)))
    }
}
