import Foundation
import Testing
@testable import Export
@testable import SessionModel
@testable import WerkbladDocuments

@Suite("JSON Schema")
struct SchemaTests {
    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.resources.root + "/Schema/sessie.schema.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The object schema at a parser key path (`afwegen.opties[]`).
    static func object(at path: String, in root: [String: Any]) -> [String: Any]? {
        var node: [String: Any] = root
        guard !path.isEmpty else { return node }
        for part in path.split(separator: ".") {
            let isArray = part.hasSuffix("[]")
            let key = isArray ? String(part.dropLast(2)) : String(part)
            guard let props = node["properties"] as? [String: Any], var next = props[key] as? [String: Any] else { return nil }
            if isArray { guard let items = next["items"] as? [String: Any] else { return nil }; next = items }
            node = next
        }
        return node
    }

    @Test(arguments: SessionParser.keys.keys.sorted())
    func schemaAllowsExactlyTheKeysTheParserAllows(path: String) throws {
        let object = try #require(Self.object(at: path, in: try Self.schema()), "schema lacks \(path)")
        let properties = try #require(object["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(SessionParser.keys[path]!), "\(path)")
        #expect(object["additionalProperties"] as? Bool == false, "\(path) must reject unknown keys like the parser")
    }

    @Test func everyObjectInTheSchemaIsKnownToTheParser() throws {
        var paths: [String] = []
        func walk(_ node: [String: Any], _ path: String) {
            guard let props = node["properties"] as? [String: Any], node["type"] as? String == "object" else { return }
            paths.append(path)
            for (key, value) in props {
                guard let child = value as? [String: Any] else { continue }
                let prefix = path.isEmpty ? key : "\(path).\(key)"
                if let items = child["items"] as? [String: Any] { walk(items, prefix + "[]") } else { walk(child, prefix) }
            }
        }
        walk(try Self.schema(), "")
        #expect(Set(paths) == Set(SessionParser.keys.keys))
    }

    @Test func limitsAgreeWithTheParser() throws {
        let root = try Self.schema()
        let spelers = (Self.object(at: "verkennen", in: root)?["properties"] as? [String: Any])?["spelers"] as? [String: Any]
        #expect(spelers?["maxItems"] as? Int == SessionParser.maxPlayers)
        let opties = (Self.object(at: "afwegen", in: root)?["properties"] as? [String: Any])?["opties"] as? [String: Any]
        #expect(opties?["maxItems"] as? Int == SessionParser.maxOptions)
        let version = (root["properties"] as? [String: Any])?["versie"] as? [String: Any]
        #expect(version?["maximum"] as? Int == SessionParser.supportedVersion)
    }
}
