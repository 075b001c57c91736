import Foundation
import Lab

/// Ctrl-C: the handler only sets `Interrupt`'s flag (STYLE 8). A second
/// Ctrl-C while a command is still busy with the first ends bplab, so a
/// command that never reaches a batch boundary cannot trap the user.
enum Signals {
    nonisolated(unsafe) static var commandRunning = false

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if Interrupt.isRequested && Signals.commandRunning { _exit(130) }
            Interrupt.request()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll() at the prompt must return EINTR
        sigaction(SIGINT, &action, nil)
        signal(SIGPIPE, SIG_IGN)
    }
}
