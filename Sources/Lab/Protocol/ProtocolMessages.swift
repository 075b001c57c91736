import Foundation

/// A request's `id`, given back in every answer to it: a number or a string.
enum RequestID: Codable, Equatable, Sendable {
    case number(Int)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        }
    }
}

/// One request line (docs/protocol.md): `op` says what is asked, the other
/// fields are that operation's; fields it does not read are ignored.
struct ProtocolRequest: Decodable {
    var id: RequestID?
    var op: String
    var code: String?
    var cursor: Int?
    var plots: PlotRequest?
}

/// Which pictures `run` draws of each plot, and their size in pixels.
struct PlotRequest: Decodable {
    var formats: [String]
    var width: Int?
    var height: Int?
}

/// What a command printed, in order: lines of text, or a plot.
enum OutputPart: Encodable, Equatable {
    case text(String)
    case plot(PlotData)

    private enum Keys: String, CodingKey { case text, plot }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .text(let text): try container.encode(text, forKey: .text)
        case .plot(let plot): try container.encode(plot, forKey: .plot)
        }
    }
}

/// A plot: its text form (as a transcript records it; empty when the plot
/// went to a file) and the pictures asked for, base64 PNG and SVG text.
struct PlotData: Encodable, Equatable {
    var text: String
    var png: String?
    var svg: String?
    var width: Int?
    var height: Int?
    /// Why the pictures are missing (gnuplot failed); the text form stays.
    var error: String?
}

/// Where and why a command failed, or why a request could not be served.
struct ProtocolError: Encodable, Equatable {
    var message: String
    /// The line of the cell (from 1) and the column in it where the failing command starts.
    var line: Int?
    var column: Int?
    var command: String?
}

/// The first line bplab writes: who speaks, and which version of the protocol.
struct HelloMessage: Encodable {
    let type = "hello"
    let `protocol` = "bplab"
    let version = ProtocolServer.version
    var bplab: String
    let plotFormats = ProtocolServer.pictureFormats
    let plotSize = [PlotStyle.defaultSize.width, PlotStyle.defaultSize.height]
}

/// Sent by `run` as each command of the cell ends, before the reply.
struct CommandMessage: Encodable {
    let type = "command"
    var id: RequestID?
    var line: Int
    var column: Int
    var command: String
    var status: String
    var output: [OutputPart]
    var error: ProtocolError?
}

/// The one answer that ends every request. Each operation fills its own
/// fields; those left nil are not written.
struct ProtocolReply: Encodable {
    let type = "reply"
    var id: RequestID?
    var op: String?
    /// ok, error (a command failed), interrupted, or invalid (the request itself).
    var status: String
    var error: ProtocolError?
    /// True on the last reply: the server ends after it (a `shutdown`, or a cell that ran `quit`).
    var closing: Bool?
    // run
    var commands: Int?
    var skippedLines: Int?
    var output: [OutputPart]?
    // complete
    var matches: [String]?
    var cursorStart: Int?
    var cursorEnd: Int?
    // inspect
    var found: Bool?
    var text: String?

    static func invalid(_ message: String, id: RequestID? = nil, op: String? = nil) -> ProtocolReply {
        ProtocolReply(id: id, op: op, status: "invalid", error: ProtocolError(message: message))
    }
}
