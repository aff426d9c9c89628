import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import LiveSession
import Logging
import NIOSSL
import SessionModel
import WerkbladDocuments
import Export

/// Limits on what one browser can make the server do; each refusal is said in Dutch.
public struct ServerLimits: Sendable, Hashable {
    /// Open WebSockets at once (a session has up to about 10 people; a load test 50).
    public var connections = 64
    /// Bytes of one WebSocket message (a box of 20,000 characters fits, escaped).
    public var message = 256 * 1024
    /// Bytes of a request body (the log-in).
    public var body = 4 * 1024
    public init() {}
}

/// How `werkblad serve` was asked to run.
public struct ServeOptions: Sendable {
    public var session: String
    public var port: Int
    /// The address to bind: 127.0.0.1 unless the user says otherwise (and then only with TLS).
    public var address: String
    public var tls: (certificate: String, key: String)?
    /// Names the server may be reached by beside its address (a DNS name with TLS).
    public var hostNames: [String]
    public var limits = ServerLimits()

    public init(session: String, port: Int, address: String, tls: (certificate: String, key: String)?, hostNames: [String]) {
        self.session = session; self.port = port; self.address = address; self.tls = tls; self.hostNames = hostNames
    }
}

/// `werkblad serve`: the live werkblad of one session file, over HTTP and a WebSocket.
///
/// Threat model: the people who hold a link are trusted with the session's content, and the
/// gespreksleider's link also with the bars, removing and closing; anyone else on the machine or
/// the network, and every other web page the participants' browsers open, is not. So: loopback
/// only unless `--adres` with TLS; a 128-bit token per link in the URL fragment (never sent in a
/// request, so never in a log or a Referer), exchanged once for an HttpOnly SameSite=Strict cookie;
/// the Host header checked on every request (DNS rebinding) and the Origin on the WebSocket
/// (cross-site WebSocket hijacking); no CORS; a strict Content-Security-Policy; limits on sizes and
/// connections. Not covered: a participant who misuses their own link, a compromised browser.
public enum WerkbladServer {
    static let cookieName = "werkblad"

    /// Starts the server and runs until SIGINT or SIGTERM; `ready` gets the gespreksleider's link.
    public static func run(_ options: ServeOptions, resources: Resources, ready: @escaping @Sendable (String) -> Void) async throws {
        let source = try LiveSource.open(options.session)
        let session = try SessionParser(data: Data(source.basis.text.utf8), file: source.basis.path).parse().session
        // One engine (fonts, layouts) for the page description, the previews and the downloads.
        let renderer = try PreviewRenderer(resources: resources, sessionPath: source.savePath)
        let page = try await renderer.page(for: session)
        let hub = LiveHub(state: LiveState(session: session), page: page,
                          saving: AutosaveTarget(basis: source.basis, path: source.savePath),
                          renderer: renderer, limits: options.limits, leaderToken: source.tokens.leader,
                          participantToken: source.tokens.participant)
        let web = try StaticFiles(folder: (resources.root as NSString).appendingPathComponent("Web"))
        let hosts = AllowedHosts(address: options.address, names: options.hostNames, secure: options.tls != nil)
        let app = try application(hub: hub, web: web, hosts: hosts, options: options) { port in
            hosts.set(port: port)
            let shown = options.address.contains(":") ? "[\(options.address)]" : options.address
            Log.info("\(source.note); opslaan in \(source.savePath)")
            Log.info("stoppen met Ctrl-C; de link hieronder geeft de rechten van de gespreksleider")
            ready("\(options.tls == nil ? "http" : "https")://\(shown):\(port)/#t=\(source.tokens.leader)")
        }
        let saver = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(400))
                await hub.saveIfChanged()
            }
        }
        defer { saver.cancel() }
        try await app.runService()
        saver.cancel()
        await hub.saveIfChanged()
    }

    /// The application: one router for pages and downloads, one for the WebSocket upgrade.
    static func application(hub: LiveHub, web: StaticFiles, hosts: AllowedHosts, options: ServeOptions,
                            onRunning: @escaping @Sendable (Int) async -> Void) throws -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(GuardMiddleware<BasicRequestContext>(hosts: hosts))
        router.get("/") { _, _ in try web.response("index.html") }
        for name in web.names where name != "index.html" { router.get(RouterPath(stringLiteral: "/" + name)) { _, _ in try web.response(name) } }
        router.post("/api/aanmelden") { request, context -> Response in
            var request = request
            guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
                return .dutch(.unsupportedMediaType, "stuur de log-in als JSON")
            }
            let body = try await request.collectBody(upTo: options.limits.body)
            guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
                  let token = object["token"] as? String, let (cookie, role) = await hub.login(token: token) else {
                return .dutch(.forbidden, "deze link is niet (meer) geldig; vraag de gespreksleider om een nieuwe")
            }
            var response = try Response.json(await hub.loginInfo(role: role))
            response.setCookie(Cookie(name: cookieName, value: cookie, path: "/", secure: options.tls != nil, httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/api/voorbeeld.png") { request, _ -> Response in
            guard await hub.role(cookie: request.cookies[cookieName]?.value) != nil else { return .dutch(.unauthorized, "niet aangemeld") }
            guard let png = await hub.renderer.preview?.png else { return .dutch(.notFound, "er is nog geen voorbeeld") }
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        router.get("/api/download/{kind}") { request, context -> Response in
            guard await hub.role(cookie: request.cookies[cookieName]?.value) != nil else { return .dutch(.unauthorized, "niet aangemeld") }
            guard let kind = context.parameters.get("kind").flatMap(PreviewRenderer.Download.init(rawValue:)) else {
                return .dutch(.notFound, "onbekende download")
            }
            do {
                let data = try await hub.renderer.document(kind, yaml: try await hub.currentYAML())
                let type = kind == .session ? "application/yaml; charset=utf-8" : "application/pdf"
                return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(kind.rawValue)\""],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch {
                return .dutch(.unprocessableContent, "kon \(kind.rawValue) niet maken: \(PreviewRenderer.kind(of: error))")
            }
        }
        // Reached only when the upgrade was refused: say why.
        router.get("/ws") { request, _ -> Response in
            .dutch(.forbidden, await webSocketRefusal(request, hub: hub, hosts: hosts) ?? "alleen een WebSocket kan hier verbinden")
        }

        let sockets = Router(context: BasicWebSocketRequestContext.self)
        sockets.middlewares.add(GuardMiddleware<BasicWebSocketRequestContext>(hosts: hosts))
        let limits = options.limits
        sockets.ws("/ws") { request, _ in
            await webSocketRefusal(request, hub: hub, hosts: hosts) == nil ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            guard let role = await hub.role(cookie: context.request.cookies[cookieName]?.value) else { return }
            let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(2_000))
            guard let id = await hub.connect(role: role, send: continuation) else {
                try await outbound.write(.text(#"{"type":"refused","message":"de server heeft al \#(limits.connections) verbindingen; probeer het later opnieuw","fatal":true}"#))
                try await outbound.close(.goingAway, reason: "te veel verbindingen")
                return
            }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for await text in stream { try await outbound.write(.text(text)) } }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: limits.message) {
                            if case .text(let text) = message { await hub.receive(id, text) }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                // A message over the limit or a dropped connection: the browser reconnects and gets the state.
            }
            await hub.disconnect(id)
        }

        var configuration = ApplicationConfiguration(address: .hostname(options.address, port: options.port), serverName: nil)
        configuration.reuseAddress = true
        let upgrade = HTTPServerBuilder.http1WebSocketUpgrade(
            webSocketRouter: sockets,
            configuration: .init(ws: .init(maxFrameSize: limits.message, autoPing: .enabled(timePeriod: .seconds(20)))))
        let server: HTTPServerBuilder
        if let tls = options.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            server = try .tls(upgrade, tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } else {
            server = upgrade
        }
        var logger = Logger(label: "werkblad-serve")
        logger.logLevel = .error
        return Application(router: router, server: server, configuration: configuration, onServerRunning: { channel in
            await onRunning(channel.localAddress?.port ?? options.port)
        }, logger: logger)
    }

    /// Why a WebSocket handshake is refused, or nil: a foreign Host or Origin, no valid log-in.
    static func webSocketRefusal(_ request: Request, hub: LiveHub, hosts: AllowedHosts) async -> String? {
        guard let origin = request.headers[.origin] else { return "een WebSocket zonder Origin wordt geweigerd" }
        guard hosts.allows(origin: origin) else { return "verbinding vanaf een andere website (Origin \(origin.prefix(100))) geweigerd" }
        guard await hub.role(cookie: request.cookies[cookieName]?.value) != nil else { return "niet aangemeld: open de link opnieuw" }
        return nil
    }
}

/// Checks the Host header of every request and adds the security headers to every response.
struct GuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let hosts: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if let host = request.head.authority, hosts.allows(host: host) {
            do { response = try await next(request, context) }
            catch let error as HTTPError { response = .dutch(error.status, error.body ?? "verzoek geweigerd") }
        } else {
            response = .dutch(.misdirectedRequest, "onbekende host; open de link die werkblad serve gaf")
        }
        response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// The names the server answers to: its address, localhost for a loopback address, and any
/// `--hostnaam`, each with the port, which is known once the server runs.
final class AllowedHosts: @unchecked Sendable {
    private let lock = NSLock()
    private var hosts: Set<String> = []
    private let names: [String]
    let secure: Bool

    init(address: String, names: [String], secure: Bool) {
        var all = [address.contains(":") ? "[\(address)]" : address] + names
        if address == "127.0.0.1" || address == "::1" { all += ["localhost", "127.0.0.1", "[::1]"] }
        self.names = all
        self.secure = secure
    }

    func set(port: Int) {
        lock.withLock { hosts = Set(names.map { "\($0.lowercased()):\(port)" }) }
    }

    func allows(host: String) -> Bool { lock.withLock { hosts.contains(host.lowercased()) } }

    func allows(origin: String) -> Bool {
        let scheme = secure ? "https://" : "http://"
        guard origin.lowercased().hasPrefix(scheme) else { return false }
        return allows(host: String(origin.dropFirst(scheme.count)))
    }
}

/// The page's files, read once at start from the data folder's `Web/`: plain HTML, CSS and JavaScript.
struct StaticFiles: Sendable {
    private let files: [String: (type: String, data: Data)]
    var names: [String] { Array(files.keys) }

    init(folder: String) throws {
        var files: [String: (String, Data)] = [:]
        let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                     "svg": "image/svg+xml", "png": "image/png"]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            guard let type = types[(name as NSString).pathExtension], let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            files[name] = (type, data)
        }
        guard files["index.html"] != nil else { throw ServeError.noPage(folder) }
        self.files = files
    }

    func response(_ name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }
}

/// The session file a server starts from, and where it saves: `NAAM.live.yaml` beside it. When that
/// file exists (a server that stopped), the server continues from it, with the links it gave
/// (their tokens are kept in `.NAAM.live-links`, readable by the user only).
struct LiveSource {
    var basis: (text: String, path: String)
    var savePath: String
    var note: String
    var tokens: (leader: String, participant: String)

    static func open(_ path: String) throws -> LiveSource {
        let url = URL(fileURLWithPath: path)
        var stem = url.deletingPathExtension().lastPathComponent
        if stem.hasSuffix(".live") { stem = String(stem.dropLast(5)) }
        let save = url.deletingLastPathComponent().appendingPathComponent(stem + ".live.yaml").path
        let from = FileManager.default.fileExists(atPath: save) ? save : path
        let data = try InputFile.read(from, limit: InputLimits().maxBytes)
        let text = try InputFile.text(data, path: from)
        let note = from == path ? "sessie \(path)" : "gaat verder met \(save) (het bestand van een vorige keer; de links blijven geldig)"
        let links = url.deletingLastPathComponent().appendingPathComponent("." + stem + ".live-links").path
        return LiveSource(basis: (text, from), savePath: save, note: note, tokens: try tokens(at: links, reuse: from != path))
    }

    /// The two links' tokens: those of the last run when it continues, else new ones, saved for the next.
    static func tokens(at path: String, reuse: Bool) throws -> (leader: String, participant: String) {
        if reuse, let data = FileManager.default.contents(atPath: path),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: String],
           let leader = object["gespreksleider"], let participant = object["deelnemers"],
           [leader, participant].allSatisfy({ $0.count == 32 && $0.allSatisfy(\.isHexDigit) }) {
            return (leader, participant)
        }
        let tokens = (leader: Token.random(), participant: Token.random())
        let data = try JSONSerialization.data(withJSONObject: ["gespreksleider": tokens.leader, "deelnemers": tokens.participant])
        try writeFile(data, to: path, permissions: 0o600, durability: .durable)
        return tokens
    }
}

extension Response {
    /// A refusal with its reason as plain Dutch text.
    static func dutch(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func json(_ data: Data) throws -> Response {
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
