import Foundation
import Synchronization
import Testing

/// `bplab serve`, the real executable behind pipes, as the Jupyter kernel
/// drives it: SIGINT stops the running command, the session keeps its
/// network, and the server answers the next request.
@Suite struct ServeTests {
    /// A running `bplab serve` and the JSON lines it writes.
    final class Server: @unchecked Sendable {
        let process = Process()
        private let input = Pipe(), output = Pipe()
        private var buffer = Data()

        init(folder: String) throws {
            process.executableURL = try #require(ExecutableTests.executable, "bplab was not built next to the tests")
            process.arguments = ["serve"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        func send(_ request: String) throws {
            try input.fileHandleForWriting.write(contentsOf: Data((request + "\n").utf8))
        }

        /// The next message; nil at the end of the output.
        func next() -> [String: Any]? {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[..<newline]
                    buffer.removeSubrange(...newline)
                    return (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] ?? ["unparsed": String(decoding: line, as: UTF8.self)]
                }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                buffer += chunk
            }
        }

        /// The messages up to and including the reply.
        func reply() -> [[String: Any]] {
            var messages: [[String: Any]] = []
            while let message = next() {
                messages.append(message)
                if message["type"] as? String == "reply" { break }
            }
            return messages
        }

        func close() throws -> Int32 {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func texts(_ messages: [[String: Any]]) -> String {
        messages.flatMap { ($0["output"] as? [[String: Any]]) ?? [] }.compactMap { $0["text"] as? String }.joined()
    }

    @Test func interruptStopsTheCommandAndTheSessionGoesOn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let server = try Server(folder: folder)
        #expect(server.next()?["type"] as? String == "hello")
        try server.send(#"{"id":1,"op":"run","code":"data spiral n=400\nnet 2 16:tanh 16:tanh 1:sigmoid"}"#)
        #expect(server.reply().last?["status"] as? String == "ok")
        try server.send(#"{"id":2,"op":"run","code":"train 100000\neval"}"#)
        // Ctrl-C again and again until the cell ends: the first that comes after the request was read stops it.
        let answered = Atomic<Bool>(false)
        let pid = server.process.processIdentifier
        let presser = Thread {
            while !answered.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.3)
                if !answered.load(ordering: .relaxed) { kill(pid, SIGINT) }
            }
        }
        presser.start()
        let interrupted = server.reply()
        answered.store(true, ordering: .relaxed)
        #expect(interrupted.last?["status"] as? String == "interrupted")
        #expect(interrupted.last?["skipped_lines"] as? Int == 1)
        let stopped = Self.texts(interrupted)
        #expect(stopped.contains("stopped by Ctrl-C after"), "\(stopped)")
        // A Ctrl-C between requests stops nothing, and the network is as training left it.
        kill(pid, SIGINT)
        try server.send(#"{"id":3,"op":"run","code":"eval"}"#)
        let evaluated = server.reply()
        #expect(evaluated.last?["status"] as? String == "ok")
        let loss = try #require(stopped.split(separator: "→ ").last?.split(separator: ",").first)
        #expect(Self.texts(evaluated).hasPrefix("train:  loss \(loss)  accuracy"), "\(Self.texts(evaluated)) after \(stopped)")
        #expect(try server.close() == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
