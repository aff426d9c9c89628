import CPango

/// The one place where Pango units (1/1024 of a device unit, here a point) are converted.
enum PangoUnits {
    static let scale = Double(PANGO_SCALE)

    static func from(_ length: Length) -> Int32 { Int32((length.points * scale).rounded()) }
    static func toLength(_ units: Int32) -> Length { .pt(Double(units) / scale) }
}
