import Foundation
import Graphics
import SessionModel

/// A diagram or document layout kept in the cache folder once it has been read, as the werkblad
/// layout is (see LayoutCache.swift): reading `diagrammen.yaml` costs a cold render of a whole
/// session (and every `check`) about 7 million instructions. The entry's key covers the file's
/// bytes, the schema it was checked against and this program's build, so an edited layout, a
/// layout read for another document kind or a new werkblad reads the YAML again; only a layout
/// that passed every check is stored, so its errors are always reported.
extension DiagramLayout {
    /// Raised whenever the encoding below changes.
    static let cacheFormat: UInt32 = 1

    /// Reads the layout file at `path`, checked against `schema`, through the cache in
    /// `cacheDirectory` when there is one.
    public static func load(path: String, schema: [String: [String: Kind]] = schema, cacheDirectory: String? = nil) throws -> DiagramLayout {
        let data = try InputFile.read(path, limit: InputLimits().maxBytes)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let entry = cacheKey(data, schema: schema).withUnsafeBytes {
            CacheEntry(directory: cacheDirectory, prefix: "diagramlayout-\(name)", source: $0, format: cacheFormat)
        }
        return try CacheEntry.value(in: entry, decode: { try DiagramLayout(from: &$0, source: path) },
                                    encode: { $0.encode(to: &$1) }, derive: { try parse(path: path, data: data, schema: schema) })
    }

    /// What the entry is keyed on: the file's bytes, then the schema (sections and keys in order).
    static func cacheKey(_ data: Data, schema: [String: [String: Kind]]) -> [UInt8] {
        var w = BinaryWriter()
        w.put(bytes: [UInt8](data))
        for section in schema.keys.sorted() {
            w.put(section)
            for (key, kind) in schema[section]!.sorted(by: { $0.key < $1.key }) { w.put(key); w.put("\(kind)") }
        }
        return w.bytes
    }

    /// Every value but `source` (that is the path the layout is read from).
    func encode(to w: inout BinaryWriter) {
        w.put(lengths.count)
        for key in lengths.keys.sorted() { w.put(key); w.put(lengths[key]!) }
        w.put(integers.count)
        for key in integers.keys.sorted() { w.put(key); w.put(integers[key]!) }
        w.put(colors.count)
        for key in colors.keys.sorted() { w.put(key); w.put(colors[key]!) }
        w.put(labels.count)
        for key in labels.keys.sorted() { w.put(key); w.put(labels[key]!) }
        w.put(font)
        w.put(lineSpacing)
    }

    init(from r: inout BinaryReader, source: String) throws {
        self.init(source: source)
        for _ in 0..<(try r.need(r.count())) { lengths[try r.need(r.string())] = try r.length() }
        for _ in 0..<(try r.need(r.count())) { integers[try r.need(r.string())] = try r.need(r.int()) }
        for _ in 0..<(try r.need(r.count())) { colors[try r.need(r.string())] = try r.color() }
        for _ in 0..<(try r.need(r.count())) { labels[try r.need(r.string())] = try r.localized() }
        font = try r.need(r.string())
        lineSpacing = try r.need(r.double())
    }
}
