import Foundation

/// `$XDG_STATE_HOME/bplab`, by default `~/.local/state/bplab`: history and journals.
enum StateFolder {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/state" } ?? NSTemporaryDirectory())
        return state + "/bplab"
    }
}
