import Foundation
import LiveSession
import SessionModel

/// The one owner of a live session's state: the links' tokens, the browsers connected, the
/// debounced autosave and preview. Every browser's message comes in here; what changed goes out
/// to every browser as JSON, each seeing names as `LiveState.shownName` allows.
actor LiveHub {
    /// A browser's WebSocket: who it is and where its messages go.
    struct Connection {
        /// The rights of the link it logged in with; `actor` is set once it says who it is.
        let role: LiveActor.Role
        var actor: LiveActor?
        var focus: String?
        let send: AsyncStream<String>.Continuation
    }

    private(set) var state: LiveState
    let page: PageDescription
    let saving: AutosaveTarget
    let renderer: PreviewRenderer
    let limits: ServerLimits
    /// The capability tokens of the two links (128 bits each), compared in constant time.
    private let leaderToken: String
    let participantToken: String
    /// Login cookies: a random id for each browser that showed a valid token.
    private var logins: [String: LiveActor.Role] = [:]
    private var connections: [Int: Connection] = [:]
    private var nextConnection = 1
    private var savedRevision: Int
    private var previewRevision = -1
    private var previewTask: Task<Void, Never>?
    private(set) var lastSaveProblem: String?

    init(state: LiveState, page: PageDescription, saving: AutosaveTarget, renderer: PreviewRenderer, limits: ServerLimits,
         leaderToken: String, participantToken: String) {
        self.state = state
        self.page = page
        self.saving = saving
        self.renderer = renderer
        self.limits = limits
        self.leaderToken = leaderToken
        self.participantToken = participantToken
        savedRevision = state.revision
    }

    // MARK: Logging in

    /// The role a token gives, or nil; a new cookie id for it.
    func login(token: String) -> (cookie: String, role: LiveActor.Role)? {
        let role: LiveActor.Role
        if Self.same(token, leaderToken) { role = .gespreksleider }
        else if Self.same(token, participantToken) { role = .deelnemer }
        else { return nil }
        guard logins.count < 10_000 else { return nil }
        let cookie = Token.random()
        logins[cookie] = role
        return (cookie, role)
    }

    func role(cookie: String?) -> LiveActor.Role? { cookie.flatMap { logins[$0] } }

    /// What a browser needs before it connects: its role, the names it can join under.
    func loginInfo(role: LiveActor.Role) -> Data {
        var info: [String: Any] = ["role": role.rawValue, "participants": state.participants, "title": page.title,
                                   "language": page.language]
        if let leader = state.leader { info["leader"] = leader }
        if role == .gespreksleider { info["invite"] = participantToken }
        return (try? JSONSerialization.data(withJSONObject: info)) ?? Data("{}".utf8)
    }

    // MARK: Connections

    /// Registers a WebSocket; nil when the server holds as many as it may.
    func connect(role: LiveActor.Role, send: AsyncStream<String>.Continuation) -> Int? {
        guard connections.count < limits.connections else { return nil }
        let id = nextConnection
        nextConnection += 1
        connections[id] = Connection(role: role, actor: nil, focus: nil, send: send)
        return id
    }

    func disconnect(_ id: Int) {
        connections[id]?.send.finish()
        connections[id] = nil
        broadcastPresence()
    }

    var connectionCount: Int { connections.count }

    /// One message from a browser.
    func receive(_ id: Int, _ text: String) {
        guard connections[id] != nil else { return }
        guard let data = text.data(using: .utf8), let message = try? JSONDecoder().decode(ClientMessage.self, from: data) else {
            send(id, ["type": "refused", "message": "onbegrijpelijk bericht; verwacht JSON met een veld ‘type’"])
            return
        }
        guard let actor = connections[id]?.actor else {
            hello(id, message)
            return
        }
        if message.type == "focus" {
            connections[id]?.focus = message.field
            broadcastPresence()
            return
        }
        guard let command = message.command else {
            send(id, ["type": "refused", "message": "onbekend soort bericht ‘\(message.type)’"])
            return
        }
        do {
            let changes = try state.apply(command, by: actor)
            publish(changes, cause: id)
        } catch {
            var reply: [String: Any] = ["type": "refused", "message": error.description]
            if let field = message.field {
                reply["field"] = field
                if let current = state.fields[field] { reply["current"] = fieldJSON(field, current) }
                else { reply["current"] = ["value": "", "rev": 0] as [String: Any] }
            }
            send(id, reply)
        }
    }

    /// The first message names the person: a participant from the list, a new one, or the gespreksleider.
    private func hello(_ id: Int, _ message: ClientMessage) {
        guard message.type == "hello", let role = connections[id]?.role else {
            send(id, ["type": "refused", "message": "stuur eerst ‘hello’ met een naam"])
            return
        }
        var name = (message.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if role == .gespreksleider, name.isEmpty { name = state.leader ?? (state.language == .nl ? "Gespreksleider" : "Facilitator") }
        do {
            if role == .deelnemer {
                guard !name.isEmpty else { throw LiveState.Refusal.invalid(field: "naam", reason: "kies of geef je naam") }
                if name == state.leader { throw LiveState.Refusal.leaderOnly(what: "zich aanmelden als gespreksleider") }
            }
        } catch {
            send(id, ["type": "refused", "message": "\(error)", "hello": true])
            return
        }
        let actor = LiveActor(name: name, role: role)
        connections[id]?.actor = actor
        send(id, ["type": "welcome", "you": ["name": name, "role": role.rawValue], "page": pageJSON,
                  "state": stateJSON(for: actor), "exercises": exercisesJSON(for: actor), "preview": previewRevision])
        broadcastPresence()
        schedulePreview()
    }

    private func publish(_ changes: [LiveState.Change], cause: Int) {
        guard !changes.isEmpty else { return }
        for change in changes {
            switch change {
            case let .field(name, value):
                // The same for every viewer: made once.
                guard let text = Self.json(["type": "field", "field": name, "value": fieldJSON(name, value)]) else { continue }
                for c in connections.values where c.actor != nil { c.send.yield(text) }
            case let .overwritten(name, lost, by):
                for (cid, c) in connections where c.actor?.name == lost.by && cid != cause {
                    send(cid, ["type": "overwritten", "field": name, "lost": lost.value,
                               "by": state.shownName(by, to: c.actor!) ?? by])
                }
            case .structure:
                broadcastState()
            case .exercises:
                for (cid, c) in connections { if let a = c.actor { send(cid, ["type": "exercises", "exercises": exercisesJSON(for: a)]) } }
            case .closed:
                for (cid, _) in connections { send(cid, ["type": "closed"]) }
            }
        }
        schedulePreview()
    }

    private func broadcastState() {
        for (cid, c) in connections { if let a = c.actor { send(cid, ["type": "state", "state": stateJSON(for: a)]) } }
    }

    private func broadcastPresence() {
        let people = connections.values.compactMap { c -> (LiveActor, String?)? in c.actor.map { ($0, c.focus) } }
        for (cid, c) in connections {
            guard c.actor != nil else { continue }
            let list = people.map { p -> [String: Any] in
                var entry: [String: Any] = ["name": p.0.name, "role": p.0.role.rawValue]
                if let f = p.1 { entry["focus"] = f }
                return entry
            }
            send(cid, ["type": "presence", "people": list])
        }
    }

    // MARK: JSON

    private lazy var pageJSON: Any = {
        let data = (try? JSONEncoder().encode(page)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data)) ?? [:]
    }()

    private func fieldJSON(_ name: String, _ value: LiveState.FieldValue) -> [String: Any] {
        var entry: [String: Any] = ["value": value.value, "rev": value.revision]
        if let by = value.by { entry["by"] = by }
        return entry
    }

    private func stateJSON(for viewer: LiveActor) -> [String: Any] {
        var fields: [String: Any] = [:]
        for (name, value) in state.fields { fields[name] = fieldJSON(name, value) }
        return ["fields": fields, "players": state.players, "options": state.options, "participants": state.participants,
                "revision": state.revision, "closed": state.closed]
    }

    private func exercisesJSON(for viewer: LiveActor) -> [String: Any] {
        let tensions = state.participants.compactMap { p -> [String: Any]? in
            guard let v = state.tensions[p] else { return nil }
            return ["who": state.shownName(p, to: viewer) ?? p, "value": v, "mine": p == viewer.name]
        }
        let postIts = state.postIts.map { p -> [String: Any] in
            var entry: [String: Any] = ["id": p.id, "text": p.text, "position": p.position, "mine": p.author == viewer.name]
            if let by = state.shownName(p.author, to: viewer) { entry["by"] = by }
            return entry
        }
        var result: [String: Any] = ["values": state.values, "tensions": tensions, "postIts": postIts]
        if let bars = state.bars { result["bars"] = [bars.low, bars.high] }
        if let mine = state.tensions[viewer.name] { result["mine"] = mine }
        return result
    }

    private func send(_ id: Int, _ object: [String: Any]) {
        guard let c = connections[id], let text = Self.json(object) else { return }
        c.send.yield(text)
    }

    static func json(_ object: [String: Any]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    // MARK: Saving and previews


    /// Writes the session file when something changed since the last save; called about every
    /// half second, so a killed server loses at most the last second of typing.
    func saveIfChanged() {
        guard state.revision != savedRevision else { return }
        let revision = state.revision
        do {
            try saving.save(state)
            savedRevision = revision
            lastSaveProblem = nil
            for (cid, c) in connections where c.actor != nil { send(cid, ["type": "saved", "revision": revision]) }
        } catch {
            let problem = "\(error)"
            if problem != lastSaveProblem { Log.warning("opslaan mislukt: \(problem)") }
            lastSaveProblem = problem
        }
    }

    /// A new preview a short moment after a change; while changes keep coming, one about every
    /// 0.6 s plus the time a render takes, of the state as it then stands.
    private func schedulePreview() {
        guard previewTask == nil, previewRevision != state.revision else { return }
        previewTask = Task {
            try? await Task.sleep(for: .milliseconds(600))
            await self.renderPreview()
        }
    }

    private func renderPreview() async {
        previewTask = nil
        let revision = state.revision
        guard revision != previewRevision, let yaml = try? saving.yaml(state) else { return }
        if await renderer.renderPreview(yaml: yaml, revision: revision) { previewReady(revision) }
    }

    private func previewReady(_ revision: Int) {
        guard revision > previewRevision else { return }
        previewRevision = revision
        for (cid, c) in connections where c.actor != nil { send(cid, ["type": "preview", "revision": revision]) }
    }

    /// The session file as it now stands (for a download).
    func currentYAML() throws -> String { try saving.yaml(state) }

    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }
}

/// A message from a browser, as JSON: `{"type": "set", "field": …, "value": …, "base": 3}`.
struct ClientMessage: Decodable {
    var type: String
    var field: String?
    var value: String?
    var base: Int?
    var index: Int?
    var id: Int?
    var position: Double?
    var number: Double?
    var low: Double?
    var high: Double?
    var text: String?
    var name: String?

    var command: LiveState.Command? {
        switch type {
        case "set": guard let field, let value else { return nil }; return .set(field: field, value: value, base: base ?? 0)
        case "add-player": return .addPlayer
        case "add-option": return .addOption
        case "remove-player": return index.map { .removePlayer(index: $0) }
        case "remove-option": return index.map { .removeOption(index: $0) }
        case "tension": return number.map { .tension($0) }
        case "value": guard let index, let text else { return nil }; return .value(index: index, text: text)
        case "add-postit": guard let text, let position else { return nil }; return .addPostIt(text: text, position: position)
        case "move-postit": guard let id, let position else { return nil }; return .movePostIt(id: id, position: position)
        case "edit-postit": guard let id, let text else { return nil }; return .editPostIt(id: id, text: text)
        case "remove-postit": return id.map { .removePostIt(id: $0) }
        case "bars": guard let low, let high else { return nil }; return .bars(low: low, high: high)
        case "close": return .close
        default: return nil
        }
    }
}

/// Random capability tokens: 128 bits from the system's generator, as 32 hex digits.
enum Token {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}

/// What the server prints for its operator: on standard error, never a field's content.
enum Log {
    static func info(_ text: String) { FileHandle.standardError.write(Data("werkblad serve: \(text)\n".utf8)) }
    static func warning(_ text: String) { FileHandle.standardError.write(Data("werkblad serve: waarschuwing: \(text)\n".utf8)) }
}
