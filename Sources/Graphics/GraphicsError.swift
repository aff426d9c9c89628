/// A failure inside cairo, Pango, fontconfig or libhyphen, with the operation that hit it.
public enum GraphicsError: Error, Sendable, Equatable, CustomStringConvertible {
    case cairo(operation: String, status: String)
    case fontFile(path: String)
    case noFonts
    case hyphenationDictionary(path: String)
    case pdf(operation: String, message: String)

    public var description: String {
        switch self {
        case let .cairo(operation, status): return "cairo: \(operation): \(status)"
        case let .fontFile(path): return "lettertypebestand kan niet worden geladen: \(path)"
        case .noFonts: return "geen lettertypen gevonden"
        case let .hyphenationDictionary(path): return "afbreekwoordenboek kan niet worden geladen: \(path)"
        case let .pdf(operation, message): return "PDF/A (qpdf): \(operation): \(message)"
        }
    }
}
