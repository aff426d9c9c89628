// `werkblad serve` execs this program with the options it checked, as JSON:
//   werkblad-serve --opties '{"session": "s.yaml", "port": 8330, "address": "127.0.0.1", "hostNames": [], "tls": [cert, key]}'
import Foundation
import LiveServer
import SessionModel
import WerkbladDocuments

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("werkblad serve: fout: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 3, arguments[1] == "--opties",
      let object = try? JSONSerialization.jsonObject(with: Data(arguments[2].utf8)) as? [String: Any],
      let session = object["session"] as? String, let port = object["port"] as? Int, let address = object["address"] as? String else {
    fail("start dit programma met ‘werkblad serve’")
}
let tls = (object["tls"] as? [String]).flatMap { $0.count == 2 ? (certificate: $0[0], key: $0[1]) : nil }
let options = ServeOptions(session: session, port: port, address: address, tls: tls, hostNames: object["hostNames"] as? [String] ?? [])

do {
    let resources = try (object["data"] as? String).map { Resources(root: $0, cache: Resources.cacheDirectory()) } ?? Resources.locate()
    try await WerkbladServer.run(options, resources: resources) { link in
        FileHandle.standardOutput.write(Data((link + "\n").utf8))
    }
} catch let error as Diagnostic {
    // FILE:LINE:COLUMN: fout: …, as every command prints it.
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
} catch {
    fail("\(error)")
}
