import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// The program's version, written into every PDF.
public enum WerkbladVersion {
    public static let string = "0.1.0"
    /// Date written into documents that have no date of their own (blank forms), so output is reproducible.
    public static let releaseDate = "2026-11-23T00:00:00"
}

/// Everything needed to make documents: fonts, hyphenation, layouts and the renderer. One per thread.
public final class Engine {
    public let resources: Resources
    public let fonts: FontLibrary
    public let fitter: TextFitter
    /// The fitter's finished layouts, for the renderer to draw without laying them out again.
    public let layouts = LayoutStore()
    /// Hyphenation dictionaries by language, each loaded on first use.
    private(set) var hyphenation: [Language: HyphenatorLoader] = [:]
    /// Layouts read so far, by path, with the file's modification date.
    private var layoutCache: [String: (modified: Date?, layout: WerkbladLayout)] = [:]
    private var diagramLayoutCache: [String: (modified: Date?, layout: DiagramLayout)] = [:]

    /// Tunes the process's heap for documents (see `ProcessMemory`); before any other thread starts.
    /// Done by the first engine at the latest; a command that starts a thread earlier calls it first.
    public static func prepareProcess() {
        ProcessMemory.keepFreedMemoryForTheNextDocument()
    }

    public init(resources: Resources) throws {
        Self.prepareProcess()
        self.resources = resources
        fonts = try FontLibrary(directory: resources.fonts, cacheDirectory: resources.cache)
        for language in Language.allCases {
            hyphenation[language] = try HyphenatorLoader(dictionaryPath: resources.hyphenation(language), cacheDirectory: resources.cache)
        }
        fitter = TextFitter(fonts: fonts, hyphenation: hyphenation[.nl], store: layouts)
    }

    /// A layout by name (`werkblad-a3`) from `Layouts/`, or by path to a `.yaml` file.
    public func layout(_ nameOrPath: String, relativeTo base: String? = nil) throws -> WerkbladLayout {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            var path = nameOrPath
            if let base, !path.hasPrefix("/") { path = (base as NSString).appendingPathComponent(path) }
            return try cachedLayout(path)
        }
        let path = (resources.layouts as NSString).appendingPathComponent(nameOrPath + ".yaml")
        // By name only the werkblad layouts: Layouts/ also holds the diagrams' and the guide's.
        // (The name is one of `layoutNames` exactly when this holds; without listing the folder.)
        guard nameOrPath.hasPrefix("werkblad"), FileManager.default.fileExists(atPath: path) else {
            throw WerkbladError.unknownLayout(name: nameOrPath, available: resources.layoutNames)
        }
        return try cachedLayout(path)
    }

    /// Loads `language`'s hyphenation dictionary when called, on whatever thread: it touches only
    /// the dictionary's loader, which is thread-safe, so the engine may be in use meanwhile.
    public func hyphenationLoading(_ language: Language) -> @Sendable () -> Void {
        let loader = hyphenation[language]
        return { _ = loader?.hyphenator }
    }

    private func cachedLayout(_ path: String) throws -> WerkbladLayout {
        try cached(path, in: &layoutCache) { try WerkbladLayout.load(path: $0, cacheDirectory: resources.cache) }
    }

    func cachedDiagramLayout(_ path: String, schema: [String: [String: DiagramLayout.Kind]] = DiagramLayout.schema) throws -> DiagramLayout {
        try cached(path, in: &diagramLayoutCache) { try DiagramLayout.load(path: $0, schema: schema, cacheDirectory: resources.cache) }
    }

    /// A file read once and kept while its modification date stays the same.
    private func cached<T>(_ path: String, in cache: inout [String: (modified: Date?, layout: T)], load: (String) throws -> T) throws -> T {
        // stat itself: FileManager's attributes cost about 460,000 instructions on first use.
        var st = stat()
        let modified = stat(path, &st) == 0
            ? Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9) : nil
        if let hit = cache[path], hit.modified == modified, modified != nil { return hit.layout }
        let value = try load(path)
        cache[path] = (modified, value)
        return value
    }

    /// Warnings for characters in `frames` that no bundled font can show.
    public func missingGlyphWarnings(_ frames: [Frame], file: String) -> [Diagnostic] {
        var seen = Set<Unicode.Scalar>()
        var warnings: [Diagnostic] = []
        for frame in frames {
            frame.forEachText { item in
                for scalar in fonts.missingCharacters(in: item.text) where seen.insert(scalar).inserted {
                    let code = String(scalar.value, radix: 16, uppercase: true)
                    let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                    warnings.append(.warning(SourcePosition(file: file),
                                             "het teken '\(scalar)' (U+\(padded)) staat in geen van de meegeleverde lettertypen en wordt als een leeg vakje gedrukt"))
                }
            }
        }
        return warnings
    }
}
