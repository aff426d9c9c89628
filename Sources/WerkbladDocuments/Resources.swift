import SessionModel
import Foundation

/// Where the data files live: `Layouts/`, `Fonts/` and `Hyphenation/` side by side in one folder.
public struct Resources: Sendable, Hashable {
    public var root: String
    /// Where werkblad keeps what it compiles from the data files (the hyphenation machines, the
    /// scan of `Fonts/`) to reuse on the next run; nil: nothing is kept.
    public var cache: String?

    public init(root: String, cache: String? = nil) { self.root = root; self.cache = cache }

    /// `$WERKBLAD_CACHE` (empty: no cache), else `$XDG_CACHE_HOME/werkblad`, else `~/.cache/werkblad`.
    public static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["WERKBLAD_CACHE"] { return dir.isEmpty ? nil : dir }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return (xdg as NSString).appendingPathComponent("werkblad") }
        if let home = environment["HOME"], home.hasPrefix("/") { return (home as NSString).appendingPathComponent(".cache/werkblad") }
        return nil
    }

    public var layouts: String { (root as NSString).appendingPathComponent("Layouts") }
    public var fonts: String { (root as NSString).appendingPathComponent("Fonts") }
    /// The font a fillable PDF's fields name for typed text, and its metrics (`scripts/make-form-font`).
    public var formFont: (program: String, metrics: String) {
        ((root as NSString).appendingPathComponent("FormFont/NotoSans-WinAnsi.ttf"),
         (root as NSString).appendingPathComponent("FormFont/NotoSans-WinAnsi.json"))
    }
    /// The libhyphen dictionary for a language.
    public func hyphenation(_ language: Language) -> String {
        (root as NSString).appendingPathComponent(language == .nl ? "Hyphenation/hyph_nl_NL.dic" : "Hyphenation/hyph_en_US.dic")
    }

    /// Finds the data folder wherever the program runs from: `$WERKBLAD_DATA`; `../share/werkblad`
    /// beside an installed binary; the binary's folder or any folder above it (a build inside the
    /// repository); the source tree this was compiled from.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Resources {
        var candidates: [String] = []
        if let env = environment["WERKBLAD_DATA"], !env.isEmpty { candidates.append(env) }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = (exe as NSString).deletingLastPathComponent
            candidates.append(((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/werkblad"))
            while dir != "/" && !dir.isEmpty {
                candidates.append(dir)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        // Sources/WerkbladDocuments/Resources.swift → the package root.
        var source = #filePath as NSString
        for _ in 0..<3 { source = source.deletingLastPathComponent as NSString }
        candidates.append(source as String)
        for dir in candidates where isDataFolder(dir) { return Resources(root: dir, cache: cacheDirectory(environment: environment)) }
        throw WerkbladError.resourcesNotFound(searched: candidates)
    }

    static func isDataFolder(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: (dir as NSString).appendingPathComponent("Layouts/werkblad-a3.yaml"))
            && fm.fileExists(atPath: (dir as NSString).appendingPathComponent("Fonts"))
    }

    /// The sRGB ICC profile for archive PDFs: `$WERKBLAD_ICC`, else Debian's icc-profiles-free.
    public static func iccProfile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Data {
        let path = environment["WERKBLAD_ICC"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/color/icc/sRGB.icc"
        guard let data = FileManager.default.contents(atPath: path), data.count > 128 else {
            throw WerkbladError.missingColorProfile(path: path)
        }
        return data
    }

    /// The werkblad layout names available in `Layouts/`.
    public var layoutNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: layouts)) ?? [])
            .filter { $0.hasSuffix(".yaml") && $0.hasPrefix("werkblad") }.map { String($0.dropLast(5)) }.sorted()
    }
}

public enum WerkbladError: Error, Sendable, Equatable, CustomStringConvertible {
    case resourcesNotFound(searched: [String])
    case unknownLayout(name: String, available: [String])
    case outOfRange(option: String, value: Int, range: ClosedRange<Int>)
    case missingColorProfile(path: String)

    public var description: String {
        switch self {
        case let .missingColorProfile(path):
            return "het sRGB-kleurprofiel voor PDF/A ontbreekt (\(path)); installeer het Debian-pakket icc-profiles-free of zet WERKBLAD_ICC"
        case let .resourcesNotFound(searched):
            return "de map met Layouts/ en Fonts/ is niet gevonden; zet WERKBLAD_DATA. Gezocht in: " + searched.joined(separator: ", ")
        case let .unknownLayout(name, available):
            return "onbekende layout '\(name)'; beschikbaar: \(available.joined(separator: ", ")) (of geef een pad naar een .yaml-bestand)"
        case let .outOfRange(option, value, range):
            return "\(option) \(value) valt buiten \(range.lowerBound)–\(range.upperBound)"
        }
    }
}
