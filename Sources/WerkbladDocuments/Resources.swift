import Foundation

/// Where the data files live: `Layouts/`, `Fonts/` and `Hyphenation/` side by side in one folder.
public struct Resources: Sendable, Hashable {
    public var root: String

    public init(root: String) { self.root = root }

    public var layouts: String { (root as NSString).appendingPathComponent("Layouts") }
    public var fonts: String { (root as NSString).appendingPathComponent("Fonts") }
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
        for dir in candidates where isDataFolder(dir) { return Resources(root: dir) }
        throw WerkbladError.resourcesNotFound(searched: candidates)
    }

    static func isDataFolder(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: (dir as NSString).appendingPathComponent("Layouts/werkblad-a3.yaml"))
            && fm.fileExists(atPath: (dir as NSString).appendingPathComponent("Fonts"))
    }

    /// The layout names available in `Layouts/`.
    public var layoutNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: layouts)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
}

public enum WerkbladError: Error, Sendable, Equatable, CustomStringConvertible {
    case resourcesNotFound(searched: [String])
    case unknownLayout(name: String, available: [String])
    case outOfRange(option: String, value: Int, range: ClosedRange<Int>)

    public var description: String {
        switch self {
        case let .resourcesNotFound(searched):
            return "de map met Layouts/ en Fonts/ is niet gevonden; zet WERKBLAD_DATA. Gezocht in: " + searched.joined(separator: ", ")
        case let .unknownLayout(name, available):
            return "onbekende layout '\(name)'; beschikbaar: \(available.joined(separator: ", ")) (of geef een pad naar een .yaml-bestand)"
        case let .outOfRange(option, value, range):
            return "\(option) \(value) valt buiten \(range.lowerBound)–\(range.upperBound)"
        }
    }
}
