import SessionModel
import Foundation
import Graphics
import LayoutEngine

/// The two explanatory documents of the method.
public enum GuideKind: String, Sendable, CaseIterable {
    case gespreksleider, deelnemer
    /// The dilemma-eigenaar's preparation of step 1 (the voorgesprek).
    case voorbereiding

    /// The text's file in `Layouts/`; an English text beside it (`….en.md`) serves `taal: en`.
    func file(_ language: Language) -> [String] {
        let base = self == .voorbereiding ? "voorbereiding-dilemma-eigenaar" : "toelichting-\(rawValue)"
        return language == .en ? [base + ".en.md", base + ".md"] : [base + ".md"]
    }
}

/// Sets a toelichting text for one conversation (or generic without a session) on A4 pages:
/// a title block, running header, page numbers, bookmarks, the session's data where the text
/// asks for it, and the time plan.
final class GuideComposer {
    let layout: DiagramLayout
    let fitter: TextFitter
    let text: GuideText
    let session: Session?
    let participant: String?
    /// The language without a session (a session sets its own).
    let fallbackLanguage: Language
    /// Set when the text asks for the blank werkblad at its end.
    private(set) var wantsWerkblad = false

    init(layout: DiagramLayout, fitter: TextFitter, text: GuideText, session: Session?, participant: String? = nil,
         language: Language = .nl) {
        self.layout = layout; self.fitter = fitter; self.text = text; self.session = session; self.participant = participant
        fallbackLanguage = language
    }

    var language: Language { session?.taal ?? fallbackLanguage }
    private func label(_ key: String, _ values: [String: String] = [:]) -> String { layout.label(key, language, values) }
    private func size(_ name: String) -> Length { layout.length("type.\(name)") }
    private var margin: Length { layout.length("page.margin") }

    private func style(_ size: Length, bold: Bool = false, italic: Bool = false, color: String = "text",
                       align: TextAlignment = .left) -> TextStyle {
        TextStyle(font: FontSpec(family: layout.font, size: size, weight: bold ? .bold : .regular, italic: italic),
                  color: layout.color(color), alignment: align, lineSpacing: layout.lineSpacing)
    }

    /// Where the guide's texts (Dutch and English) put the session's shared question.
    static let questionPlaceholders = ["[herhaal hier de gedeelde vraag]", "[repeat the shared question here]"]

    /// `[X]`, `[Y]`, the shared question and `{naam}` filled in from the session.
    func replace(_ s: String) -> String {
        var out = s
        if let owner = session?.sessie.dilemmaEigenaar { out = out.replacingOccurrences(of: "[X]", with: owner) }
        if let leader = session?.sessie.gespreksleider { out = out.replacingOccurrences(of: "[Y]", with: leader) }
        if let question = sharedQuestion {
            for placeholder in Self.questionPlaceholders { out = out.replacingOccurrences(of: placeholder, with: "‘\(question)’") }
        }
        if let participant { out = out.replacingOccurrences(of: "{naam}", with: participant) }
        return out
    }

    private var sharedQuestion: String? {
        session?.gedeeldeVraag.flatMap { $0.isEmpty ? nil : $0.parts.joined(separator: " ") }
    }

    // MARK: Time plan

    struct PlannedStep { var id: String; var title: String; var minutes: Int; var start: String? }

    /// `duur` (or 150 minutes) over the steps by their shares, rounded so the minutes add up exactly.
    func timePlan() -> (steps: [PlannedStep], total: Int, assumed: Bool) {
        let total = session?.sessie.duur ?? 150
        let weights = text.timeShares.map(\.weight)
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var minutes = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(minutes[$0]), -$0) > (exact[$1] - Double(minutes[$1]), -$1) }
        for i in order.prefix(total - minutes.reduce(0, +)) { minutes[i] += 1 }
        var clock = session?.sessie.tijd
        var steps: [PlannedStep] = []
        for (share, m) in zip(text.timeShares, minutes) {
            steps.append(PlannedStep(id: share.id, title: headingTitle(share.id) ?? share.id, minutes: m, start: clock))
            clock = clock.map { Session.add(minutes: m, to: $0) }
        }
        return (steps, total, session?.sessie.duur == nil)
    }

    private func headingTitle(_ id: String) -> String? {
        for case let .heading(_, inline, headingID) in text.elements where headingID == id { return inline.resolved(replace).text }
        return nil
    }

    // MARK: Blocks

    func blocks() -> [Block] {
        var blocks: [Block] = []
        let textStyle = style(size("text"))
        let plan = timePlan()
        // The title block.
        // Title and subtitle span the page; the running text below keeps to the measure.
        var title = Block(text: replace(text.setting("titel") ?? ""), style: style(size("title"), bold: true, color: "accent"), tag: .heading(1),
                          spaceAfter: .mm(1))
        title.wide = true
        blocks.append(title)
        var sub = text.setting("ondertitel") ?? ""
        if let t = session?.sessie.titel { sub = t + "\n" + sub }
        var subtitle = Block(text: replace(sub), style: style(size("subtitle"), color: "muted"), spaceAfter: .mm(participant == nil ? 6 : 2))
        subtitle.wide = true
        blocks.append(subtitle)
        if participant != nil || (session?.sessie.dilemmaEigenaar != nil && text.setting("voor")?.contains("[X]") == true),
           let voor = text.setting("voor") {
            blocks.append(Block(text: replace(voor), style: style(size("h2"), bold: true), spaceAfter: .mm(6)))
        }
        for (index, element) in text.elements.enumerated() {
            // A question stays on the page of its answer or writing room.
            let asks: Bool = {
                guard index + 1 < text.elements.count, case let .directive(name, _) = text.elements[index + 1] else { return false }
                return name.hasPrefix("antwoord ")
            }()
            switch element {
            case let .heading(level, inline, id):
                let (t, spans) = inline.resolved(replace)
                let sizes = ["h1", "h2", "h3"]
                blocks.append(Block(text: t, style: style(size(sizes[level - 1]), bold: true, color: level < 3 ? "accent" : "text"),
                                    spans: spans, tag: .heading(level), spaceBefore: [.mm(9), .mm(6), .mm(4)][level - 1],
                                    spaceAfter: [.mm(3), .mm(2), .mm(1.2)][level - 1], keepWithNext: true,
                                    outlineLevel: level <= 2 ? level - 1 : nil))
                // Large headings may run past the text column rather than leave one word on a line.
                blocks[blocks.count - 1].wide = level <= 2
                if let id, let step = plan.steps.first(where: { $0.id == id }) {
                    var line = label("step-time", ["n": String(step.minutes)])
                    if let start = step.start { line += " · \(start)–\(Session.add(minutes: step.minutes, to: start))" }
                    blocks.append(Block(text: line, style: style(size("small"), italic: true, color: "muted"), spaceAfter: .mm(2),
                                        keepWithNext: true))
                }
            case let .paragraph(inline):
                let (t, spans) = inline.resolved(replace)
                blocks.append(Block(text: t, style: textStyle, spans: spans, spaceAfter: .mm(2.2), keepWithNext: asks))
            case let .bullet(level, inline):
                let (t, spans) = inline.resolved(replace)
                blocks.append(Block(text: t, style: textStyle, spans: spans, tag: .listItem, indent: .mm(5) + .mm(5) * Double(level),
                                    marker: level == 0 ? "•" : "–", spaceAfter: .mm(1.2)))
            case let .numbered(level, number, inline):
                let (t, spans) = inline.resolved(replace)
                blocks.append(Block(text: t, style: textStyle, spans: spans, tag: .listItem, indent: .mm(5) + .mm(5) * Double(level),
                                    marker: "\(number).", spaceAfter: .mm(1.2)))
            case let .directive(name, _):
                blocks += directive(name, plan: plan)
            }
        }
        // Headings nest without skipping a level (PDF/UA-1 7.4.2): an inserted "Het dilemma" (H3)
        // right under the title is tagged H2; the look stays.
        var level = 0
        for i in blocks.indices {
            guard case .heading(let l) = blocks[i].tag else { continue }
            level = min(l, level + 1)
            blocks[i].tag = .heading(level)
        }
        return blocks
    }

    private func directive(_ name: String, plan: (steps: [PlannedStep], total: Int, assumed: Bool)) -> [Block] {
        let textStyle = style(size("text"))
        if name.hasPrefix("antwoord ") { return answer(String(name.dropFirst("antwoord ".count))) }
        func heading(_ key: String) -> Block {
            Block(text: label(key), style: style(size("h3"), bold: true), tag: .heading(3), spaceBefore: .mm(4), spaceAfter: .mm(1.2), keepWithNext: true)
        }
        func bullet(_ lead: String, _ rest: String) -> Block {
            let t = rest.isEmpty ? lead : "\(lead): \(rest)"
            return Block(text: t, style: textStyle, spans: [TextSpan(start: 0, end: lead.utf8.count, bold: true)], tag: .listItem,
                         indent: .mm(5), marker: "•", spaceAfter: .mm(1.2))
        }
        guard let session else {
            if name == "tijdplan" { return [timeTable(plan)] }
            if name == "werkblad" { wantsWerkblad = true }
            return []
        }
        switch name {
        case "gegevens":
            let s = session.sessie
            var time = s.tijd
            if let t = s.tijd, let d = s.duur { time = "\(t)–\(Session.add(minutes: d, to: t)) (\(d) min)" }
            let rows: [(String, String?)] = [
                ("date", s.datum.map { Session.longDate($0, language) }), ("time", time), ("place", s.locatie),
                ("form", s.vorm.map { label("form-" + $0.rawValue) }), ("leader", s.gespreksleider), ("owner", s.dilemmaEigenaar),
            ]
            // The short facts two by two (label, value, label, value), so that the hand-out keeps
            // to one sheet; the participants and the reporting rule below them, as wide as the table.
            let present = rows.compactMap { key, value in value.map { [label(key), $0] } }
            let paired = stride(from: 0, to: present.count, by: 2).map { i in present[i] + (i + 1 < present.count ? present[i + 1] : ["", ""]) }
            var blocks: [Block] = paired.isEmpty ? [] : [.table(paired, widths: [1.3, 1.75, 1.3, 1.75], header: false, style: textStyle,
                                                                spaceBefore: .mm(2), spaceAfter: .mm(2))]
            if !s.deelnemers.isEmpty {
                let lead = label("participants") + ": "
                var names = Block(text: lead + s.deelnemers.map(\.value).joined(separator: ", "), style: textStyle,
                                  spans: [TextSpan(start: 0, end: lead.utf8.count, bold: true)], spaceAfter: .mm(1))
                names.wide = true
                blocks.append(names)
            }
            var rule = Block(text: label(session.namesAllowed ? "names" : "chatham"), style: style(size("small"), italic: true, color: "muted"),
                             spaceAfter: .mm(4))
            rule.wide = true
            blocks.append(rule)
            // Why the conversation is held and what it is for, unless the text asks for them itself.
            for path in ["sessie.aanleiding", "sessie.doel"] where !answers.contains(path) {
                let field = FieldRegistry.field(path)!
                guard let t = session.text(field), !t.isEmpty else { continue }
                let lead = field.label[language] + ": "
                for (i, part) in t.parts.enumerated() {
                    let body = i == 0 ? lead + part : part
                    blocks.append(Block(text: t.form == .bullets ? "• " + body : body, style: textStyle,
                                        spans: i == 0 ? [TextSpan(start: 0, end: lead.utf8.count, bold: true)] : [], spaceAfter: .mm(2.2)))
                }
            }
            return blocks
        case "tijdplan":
            return [timeTable(plan)]
        case "dilemma":
            guard let d = session.dilemma, !d.isEmpty else { return [] }
            return [heading("dilemma")] + d.parts.map { part in
                d.form == .bullets ? bullet(part, "") : Block(text: part, style: textStyle, spaceAfter: .mm(2.2))
            }
        case "spelers":
            let players = session.spelers.filter { $0.naam != nil }
            guard !players.isEmpty else { return [] }
            return [heading("players")] + players.map { p in
                let facts = [p.standpuntenEnEmoties, p.belangenEnWaarden, p.rechtenEnVoorkeuren].compactMap { $0?.parts.joined(separator: "; ") }
                return bullet(p.naam!, facts.joined(separator: " · "))
            }
        case "waarden":
            guard !session.waarden.isEmpty else { return [] }
            var items = zip(["layer-inhoud", "layer-proces", "layer-mens"], session.waarden.layers)
                .filter { !$0.1.isEmpty }.map { bullet(label($0.0), $0.1.joined(separator: ", ")) }
            items += session.waarden.spanningen.map { bullet(label("spanning"), "\($0.first) – \($0.second)") }
            return [heading("values")] + items
        case "gedeelde-vraag":
            guard let q = sharedQuestion else { return [] }
            let lead = label("shared-question") + ": "
            return [Block(text: lead + q, style: textStyle, spans: [TextSpan(start: 0, end: lead.utf8.count, bold: true)],
                          spaceBefore: .mm(2), spaceAfter: .mm(2.2))]
        case "werkblad":
            wantsWerkblad = true
            return []
        default:
            return []
        }
    }

    /// The fields the text asks for with `{{antwoord …}}`.
    private var answers: Set<String> {
        Set(text.elements.compactMap { element -> String? in
            guard case let .directive(name, _) = element, name.hasPrefix("antwoord ") else { return nil }
            return String(name.dropFirst("antwoord ".count))
        })
    }

    /// What the session already says for a question, with two lines to add to it; room to write when it says nothing.
    private func answer(_ argument: String) -> [Block] {
        let pitch = Length.mm(8), textStyle = style(size("text"))
        let room: (Int) -> Block = { .writingRoom(lines: $0, pitch: pitch, style: textStyle, spaceAfter: .mm(3)) }
        if argument.hasPrefix("vrij "), let n = Int(argument.dropFirst(5)) { return [room(n)] }
        guard let session else { return [room(4)] }
        var parts: [String] = []
        var bullets = false
        switch argument {
        case "verkennen.spelers":
            parts = session.spelers.compactMap(\.naam); bullets = true
        case "sessie.deelnemers":
            parts = session.sessie.deelnemers.map(\.value); bullets = true
        case "sessie.duur":
            parts = session.sessie.duur.map { [language == .nl ? "\($0) minuten" : "\($0) minutes"] } ?? []
        default:
            if let field = FieldRegistry.field(argument), let t = session.text(field), !t.isEmpty {
                parts = t.parts; bullets = t.form == .bullets
            }
        }
        guard !parts.isEmpty else { return [room(4)] }
        let answerStyle = style(size("text"), color: "accent")
        return parts.map { part in
            bullets ? Block(text: part, style: answerStyle, tag: .listItem, indent: .mm(5), marker: "•", spaceAfter: .mm(1.2))
                    : Block(text: part, style: answerStyle, spaceAfter: .mm(2))
        } + [room(2)]
    }

    private func timeTable(_ plan: (steps: [PlannedStep], total: Int, assumed: Bool)) -> Block {
        var rows = [[label("plan-step"), label("plan-minutes"), label("plan-time")]]
        for step in plan.steps {
            rows.append([step.title, String(step.minutes), step.start.map { "\($0)–\(Session.add(minutes: step.minutes, to: $0))" } ?? "–"])
        }
        rows.append([label("plan-total"), String(plan.steps.map(\.minutes).reduce(0, +)), ""])
        if plan.assumed { rows.append([label("plan-assumed", ["n": String(plan.total)]), "", ""]) }
        return .table(rows, widths: [4, 1, 1.4], header: true, style: style(size("text")), spaceBefore: .mm(1), spaceAfter: .mm(3))
    }

    // MARK: Pages

    /// The pages; when the werkblad follows, a blank page is added if their number is odd, so that
    /// the werkblad starts on a new sheet when printed on both sides.
    func compose() -> [Frame] {
        let page = layout.pageSize
        let header = layout.length("page.header"), footer = layout.length("page.footer")
        // The text runs in a column of the layout's measure (60–75 characters a line), at the
        // left margin; the running header and the page numbers span the page.
        let area = Rect(x: margin, y: margin + header, width: page.width - margin * 2, height: page.height - margin * 2 - header - footer)
        let column = Rect(x: area.x, y: area.y, width: min(area.width, layout.length("page.measure")), height: area.height)
        let flow = Flow(area: column, fullWidth: area.width, ruleColor: layout.color("rule"), headerFill: layout.color("tint"))
        let pages = flow.pages(blocks(), fitter: fitter)
        let running = [text.setting("titel").map(replace), session?.sessie.titel].compactMap { $0 }.joined(separator: " · ")
        let blank = wantsWerkblad && pages.count % 2 == 1   // known once the blocks are made
        let total = pages.count + (blank ? 1 : 0)
        func number(_ index: Int) -> Item {
            let number = label("page", ["n": String(index + 1), "m": String(total)])
            let numberStyle = style(size("small"), color: "muted", align: .right)
            return .artifact([.text(TextItem(text: number, style: numberStyle,
                                             box: Rect(x: margin, y: page.height - margin - size("small") * 1.4, width: area.width,
                                                       height: size("small") * 1.4),
                                             measured: fitter.measure(number, style: numberStyle, width: area.width)))])
        }
        var frames = pages.enumerated().map { index, flowed in
            var items: [Item] = []
            if index > 0 {
                let head = TextItem(text: running, style: style(size("small"), color: "muted"),
                                    box: Rect(x: margin, y: margin, width: area.width, height: size("small") * 1.4),
                                    measured: fitter.measure(running, style: style(size("small")), width: area.width))
                items.append(.artifact([.text(head)]))
                items.append(.line(from: Point(x: margin, y: margin + size("small") * 1.6), to: Point(x: page.width - margin, y: margin + size("small") * 1.6),
                                   color: layout.color("rule"), width: .pt(0.5)))
            }
            items += flowed.items
            items.append(number(index))
            var frame = Frame(size: page, items: items)
            frame.outline = flowed.outline
            return frame
        }
        if blank {
            // Said on the page, so that nobody wonders what is missing.
            let note = label("blank-page")
            let noteStyle = style(size("small"), color: "muted", align: .center)
            let measured = fitter.measure(note, style: noteStyle, width: area.width)
            frames.append(Frame(size: page, items: [
                .tagged(.paragraph, [.text(TextItem(text: note, style: noteStyle,
                                                    box: Rect(x: margin, y: page.height / 2, width: area.width, height: measured.height),
                                                    measured: measured))]),
                number(pages.count),
            ]))
        }
        return frames
    }
}
