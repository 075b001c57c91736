import Foundation
import Lab
import Synchronization

/// Ctrl-C. The handler only sets the process's `Interrupt` flag and, while a
/// command or script runs, restores the default action (as lua.c does): the
/// running command stops at its next check, and a second Ctrl-C ends bplab,
/// so a command that never checks cannot trap the user. At the prompt the
/// handler stays, and Ctrl-C only clears the line being typed.
enum Signals {
    /// False only while the REPL waits at its prompt.
    private static let commandRunning = Atomic<Bool>(true)
    /// Set by SIGWINCH: the window was resized since the prompt last looked.
    private static let windowChanged = Atomic<Bool>(false)

    /// Installs the handler; until `promptStarts`, bplab counts as running a command.
    static func install() {
        _ = Interrupt.process  // initialised here, never first inside the handler
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Interrupt.process.request()
            if Signals.commandRunning.load(ordering: .relaxed) { signal(SIGINT, SIG_DFL) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: poll() at the prompt must return EINTR
        sigaction(SIGINT, &action, nil)
        unblockInterrupt()  // a parent may hand SIGINT down blocked (test runners do)
        signal(SIGPIPE, SIG_IGN)
        // Output asks the window's size as it draws; only the prompt's line editing needs telling.
        var resize = sigaction()
        resize.__sigaction_handler.sa_handler = { _ in Signals.windowChanged.store(true, ordering: .relaxed) }
        sigemptyset(&resize.sa_mask)
        resize.sa_flags = SA_RESTART  // a command's reads and writes go on; poll() at the prompt returns EINTR anyway
        sigaction(SIGWINCH, &resize, nil)
    }

    /// True once after each resize of the window.
    static func takeWindowChange() -> Bool {
        windowChanged.exchange(false, ordering: .relaxed)
    }

    /// Lets SIGINT through to this thread, whoever blocked it (a parent,
    /// or readline around its redisplay).
    static func unblockInterrupt() {
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    /// The REPL waits for a line: Ctrl-C clears it, and the handler is back
    /// if a Ctrl-C during the last command had restored the default.
    static func promptStarts() {
        commandRunning.store(false, ordering: .relaxed)
        install()
    }

    /// `bplab serve`: Ctrl-C (a notebook's interrupt) only ever sets the
    /// flag, as at the prompt: it stops the running command, never the
    /// server, which would take the session with it.
    static func serverStarts() {
        promptStarts()
    }

    /// A typed line is about to run.
    static func commandStarts() {
        commandRunning.store(true, ordering: .relaxed)
    }
}
