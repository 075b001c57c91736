import Foundation
import Lab

/// `$XDG_STATE_HOME/bplab`, by default `~/.local/state/bplab`: history,
/// journals, and the lists of temporary files (`TemporaryFiles`).
enum StateFolder {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/state" } ?? NSTemporaryDirectory())
        return state + "/bplab"
    }

    /// Lists this process's temporary files from now on, and removes those
    /// a killed bplab left; `TemporaryFiles.finish()` ends the list on exit.
    static func startTemporaryFiles() {
        TemporaryFiles.start(in: path + "/temporary-files")
    }
}
