import CFontconfig
import CPango
import Foundation

/// The fonts the program may use: a private fontconfig configuration holding only the
/// given files, and the Pango font map built on it. Owns both.
public final class FontLibrary: @unchecked Sendable {
    // Immutable after init; fontconfig and Pango font maps are safe to share for reading.
    let config: OpaquePointer
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let coverage: OpaquePointer
    /// The font files, in the order they were added.
    public let files: [String]
    /// Family names of the loaded fonts, as fontconfig reads them.
    public let families: [String]

    /// Loads every `.ttf`/`.otf` file in `directory`. With a `cacheDirectory`, fontconfig keeps its
    /// scan of the folder there (its own cache format, as for the system's fonts) and reads it on
    /// later runs instead of opening every font; the cache's folder is named after each file's
    /// name, size and modification time, so a changed font is scanned again.
    public convenience init(directory: String, cacheDirectory: String? = nil) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let files = names.filter { $0.hasSuffix(".ttf") || $0.hasSuffix(".otf") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        try self.init(fontFiles: files, scanCache: cacheDirectory.flatMap { Self.scanCache(of: files, in: $0) }.map { ($0, directory) })
    }

    /// The folder for fontconfig's cache of these files, made if need be (other versions removed);
    /// nil when it cannot be made.
    private static func scanCache(of files: [String], in cacheDirectory: String) -> String? {
        var hash = FNV1a(seed: 0)
        for file in files {
            var st = stat()
            guard stat(file, &st) == 0 else { return nil }
            hash.add(st.st_size); hash.add(st.st_mtim.tv_sec); hash.add(st.st_mtim.tv_nsec)
            for b in (file as NSString).lastPathComponent.utf8 { hash.add(b) }
        }
        let name = "fonts-" + String(hash.value, radix: 16)
        let path = (cacheDirectory as NSString).appendingPathComponent(name)
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard (try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil else { return nil }
            CacheFolder.removeOlder("fonts-", keeping: name, in: cacheDirectory)
        }
        return path
    }

    /// `text` as XML character data: `&` and `<` written as entities (a scalar loop: Foundation's
    /// replacing goes through NSString, whose first use costs a cold run conformance scans).
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// - Parameter scanCache: fontconfig's cache folder and the folder holding exactly `fontFiles`,
    ///   to add the fonts as that folder through the cache.
    public init(fontFiles: [String], scanCache: (cache: String, directory: String)? = nil) throws {
        guard !fontFiles.isEmpty else { throw GraphicsError.noFonts }
        guard let config = FcConfigCreate() else { throw GraphicsError.noFonts }
        var added = false
        if let scanCache {
            let escaped = Self.xmlEscaped(scanCache.cache)
            added = FcConfigParseAndLoadFromMemory(config, "<fontconfig><cachedir>\(escaped)</cachedir></fontconfig>", 0) != 0
                && FcConfigAppFontAddDir(config, scanCache.directory) != 0
                && Int(FcConfigGetFonts(config, FcSetApplication)?.pointee.nfont ?? 0) >= fontFiles.count
        }
        if !added {
            FcConfigAppFontClear(config)
            for path in fontFiles where FcConfigAppFontAddFile(config, path) == 0 {
                FcConfigDestroy(config)
                throw GraphicsError.fontFile(path: path)
            }
        }
        var families: [String] = []
        let all = FcCharSetCreate()!
        if let set = FcConfigGetFonts(config, FcSetApplication) {
            for i in 0..<Int(set.pointee.nfont) {
                guard let pattern = set.pointee.fonts[i] else { continue }
                var charset: OpaquePointer?
                if FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset {
                    var changed: FcBool = 0
                    FcCharSetMerge(all, charset, &changed)
                }
                var family: UnsafeMutablePointer<FcChar8>?
                if FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch, let family {
                    let name = String(cString: family)
                    if !families.contains(name) { families.append(name) }
                }
            }
        }
        // Current before Pango and cairo ask for a configuration: otherwise the first call with none
        // loads the system's whole fontconfig setup (about 3 ms), which werkblad never uses.
        FcConfigSetCurrent(config)
        let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        pango_fc_font_map_set_config(OpaquePointer(map), config)
        // The resolution of every text context (see `TextLayout`): where Pango makes a font without
        // a context it takes the font map's, and at the default 96 dpi each font was matched, its
        // fontconfig threads started and it was loaded a second time, at the same size in pixels.
        pango_cairo_font_map_set_resolution(OpaquePointer(map), 72)
        self.config = config
        self.fontMap = map
        self.coverage = all
        asciiCovered = (0..<0x80).map { v in
            let scalar = Unicode.Scalar(UInt8(v))
            return v < 0x20 || scalar.properties.isWhitespace || FcCharSetHasChar(all, UInt32(v)) != 0
        }
        self.files = fontFiles
        self.families = families
    }

    deinit {
        g_object_unref(fontMap)
        FcCharSetDestroy(coverage)
        FcConfigDestroy(config)
    }

    /// The characters of `text` that no loaded font can show (whitespace and controls excepted),
    /// each once, in order of first appearance.
    public func missingCharacters(in text: String) -> [Unicode.Scalar] {
        var missing: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            // Most text is ASCII: each of its characters was looked up once per library. Other
            // characters are looked up in the coverage directly (a page table, cheaper than
            // remembering which were seen).
            if scalar.value < 0x80 {
                if asciiCovered[Int(scalar.value)] { continue }
            } else if FcCharSetHasChar(coverage, scalar.value) != 0 {
                continue
            }
            // Not covered (ASCII too: `asciiCovered` holds every covered one).
            if scalar.value < 0x20 || scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint {
                continue
            }
            if !missing.contains(scalar) { missing.append(scalar) }
        }
        return missing
    }

    /// For each ASCII character: whether it needs no look-up (a control character, a space, or
    /// covered by the bundled fonts).
    private let asciiCovered: [Bool]
}
