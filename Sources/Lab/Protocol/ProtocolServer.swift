import Foundation

/// `bplab serve`: the machine protocol of docs/protocol.md, for programs
/// that drive bplab (the Jupyter kernel in kernel/). One JSON request a
/// line in, JSON lines out: a greeting, then for each request its messages
/// and one reply. It drives one session, as typing would, so the commands of
/// a cell are in `history`, saved sessions and notebooks; the requests
/// themselves (completion, help, the protocol's framing) are in none of them.
public final class ProtocolServer {
    /// Raised when a change would break a client written for the last one.
    public static let version = 1
    static let pictureFormats = ["png", "svg"]

    let session: Session
    let collector: OutputCollector
    private let send: (String) -> Void
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// A server whose session resolves file names against `baseDirectory`
    /// and stops at `interrupt`; `send` writes one line of output.
    public init(baseDirectory: String, interrupt: Interrupt, send: @escaping (String) -> Void) {
        let collector = OutputCollector()
        self.collector = collector
        self.send = send
        session = Session(output: collector.target, baseDirectory: baseDirectory, interrupt: interrupt)
    }

    /// Greets, then answers each line `next` gives until it gives nil, a
    /// `shutdown` request, or a cell runs `quit`.
    public func serve(programVersion: String, next: () -> RequestLine?) {
        emit(HelloMessage(bplab: programVersion))
        while let line = next() {
            switch line {
            case .tooLong(let limit):
                emit(ProtocolReply.invalid("the request is longer than \(limit >> 20) MiB"))
            case .text(let text):
                guard !text.allSatisfy(\.isWhitespace) else { continue }
                guard answer(text) else { return }
            }
        }
    }

    /// Answers one request line; false when the server should stop.
    func answer(_ line: String) -> Bool {
        let request: ProtocolRequest
        do { request = try JSONDecoder().decode(ProtocolRequest.self, from: Data(line.utf8)) } catch {
            emit(ProtocolReply.invalid("not a request: \(Self.reason(error))"))
            return true
        }
        let reply: ProtocolReply
        switch request.op {
        case "run":
            guard let code = request.code else { return invalid("run needs code", request) }
            let pictures: PictureRequest
            do { pictures = try PictureRequest(request.plots) } catch { return invalid(error.userMessage, request) }
            reply = run(code, id: request.id, pictures: pictures)
        case "complete":
            guard let code = request.code else { return invalid("complete needs code", request) }
            let found = CodeAtCursor(code, cursor: request.cursor).completions(in: session)
            reply = ProtocolReply(status: "ok", matches: found.matches, cursorStart: found.start, cursorEnd: found.end)
        case "inspect":
            guard let code = request.code else { return invalid("inspect needs code", request) }
            let page = CodeAtCursor(code, cursor: request.cursor).helpPage(in: session)
            reply = ProtocolReply(status: "ok", found: page != nil, text: page?.joined(separator: "\n"))
        case "shutdown":
            reply = ProtocolReply(status: "ok")
        default:
            return invalid("unknown op '\(Arguments.clip(request.op))' (run, complete, inspect, shutdown)", request)
        }
        var answered = reply
        answered.id = request.id
        answered.op = request.op
        let goesOn = request.op != "shutdown" && !session.quitRequested
        answered.closing = goesOn ? nil : true
        emit(answered)
        return goesOn
    }

    private func invalid(_ message: String, _ request: ProtocolRequest) -> Bool {
        emit(ProtocolReply.invalid(message, id: request.id, op: request.op))
        return true
    }

    /// What was wrong with a request's JSON, in a sentence.
    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        default: return "not a JSON object"
        }
    }

    func emit(_ message: some Encodable) {
        guard let data = try? encoder.encode(message) else { return }
        send(String(decoding: data, as: UTF8.self))
    }
}

/// One line of the server's input, as its reader gives it.
public enum RequestLine: Equatable, Sendable {
    case text(String)
    /// A line longer than the limit (bytes), skipped up to its end.
    case tooLong(limit: Int)
}
