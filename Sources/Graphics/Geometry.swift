import Foundation

/// A distance on the page. Stored in PostScript points (1/72 inch), the unit of PDF.
public struct Length: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var points: Double

    public init(points: Double) { self.points = points }

    public static func pt(_ value: Double) -> Length { Length(points: value) }
    public static func mm(_ value: Double) -> Length { Length(points: value * 72 / 25.4) }

    public var millimetres: Double { points * 25.4 / 72 }
    public static let zero = Length(points: 0)

    public static func + (a: Length, b: Length) -> Length { Length(points: a.points + b.points) }
    public static func - (a: Length, b: Length) -> Length { Length(points: a.points - b.points) }
    public static func * (a: Length, k: Double) -> Length { Length(points: a.points * k) }
    public static func * (k: Double, a: Length) -> Length { Length(points: a.points * k) }
    public static func / (a: Length, k: Double) -> Length { Length(points: a.points / k) }
    public static func / (a: Length, b: Length) -> Double { a.points / b.points }
    public static prefix func - (a: Length) -> Length { Length(points: -a.points) }
    public static func += (a: inout Length, b: Length) { a.points += b.points }
    public static func -= (a: inout Length, b: Length) { a.points -= b.points }
    public static func < (a: Length, b: Length) -> Bool { a.points < b.points }

    public var description: String { String(format: "%.2fpt", points) }
}

public struct Point: Sendable, Hashable {
    public var x: Length
    public var y: Length
    public init(x: Length, y: Length) { self.x = x; self.y = y }
    public static let zero = Point(x: .zero, y: .zero)
}

public struct Size: Sendable, Hashable {
    public var width: Length
    public var height: Length
    public init(width: Length, height: Length) { self.width = width; self.height = height }
}

public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Length
    public var y: Length
    public var width: Length
    public var height: Length

    public init(x: Length, y: Length, width: Length, height: Length) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// The four corners, clockwise from the top left.
    public var corners: [Point] { [Point(x: x, y: y), Point(x: maxX, y: y), Point(x: maxX, y: maxY), Point(x: x, y: maxY)] }

    public var minX: Length { x }
    public var minY: Length { y }
    public var maxX: Length { x + width }
    public var maxY: Length { y + height }
    public var origin: Point { Point(x: x, y: y) }
    public var size: Size { Size(width: width, height: height) }

    /// The rectangle shrunk by `d` on every side.
    public func inset(by d: Length) -> Rect { inset(dx: d, dy: d) }
    public func inset(dx: Length, dy: Length) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - dx * 2, height: height - dy * 2)
    }

    /// True when `other` lies inside this rectangle (with a tolerance for rounding).
    public func contains(_ other: Rect, tolerance: Length = .pt(0.01)) -> Bool {
        other.minX >= minX - tolerance && other.minY >= minY - tolerance
            && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }

    /// True when the interiors of the two rectangles overlap.
    public func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    public var description: String {
        String(format: "(%.1f, %.1f, %.1f × %.1f pt)", x.points, y.points, width.points, height.points)
    }
}

/// An sRGB colour with components in 0...1.
public struct Color: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// Parses `#rrggbb`; nil for anything else.
    public init?(hex: String) {
        var s = Substring(hex)
        guard s.first == "#" else { return nil }
        s = s.dropFirst()
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255,
                  blue: Double(v & 0xFF) / 255)
    }

    /// `#rrggbb`, as a layout writes it (alpha left out).
    public var hex: String {
        func byte(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", byte(red), byte(green), byte(blue))
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
}
