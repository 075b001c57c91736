import CReadline
import Foundation
import Lab

/// GNU readline on a terminal: line editing, persistent history, tab completion.
///
/// Readline's alternate (callback) interface is used so that Ctrl-C at the
/// prompt can clear the line: the SIGINT handler only sets a flag, `poll`
/// returns EINTR, and the loop throws the partial line away and prompts again.
/// A resized window (SIGWINCH, `Signals.takeWindowChange`) is told to
/// readline the same way, so the line being typed is redrawn to the new width.
struct ReadlineLineReader: LineReader {
    let prompt: String
    let historyPath: String?

    init(prompt: String, session: Session) {
        self.prompt = prompt
        historyPath = ReadlineLineReader.prepareHistoryFile()
        ReadlineState.session = session
        rl_readline_name = UnsafePointer(strdup("bplab"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 0  // bplab's own handler: readline's is installed only while it reads a key
        rl_attempted_completion_function = completeLine
        if let historyPath { read_history(historyPath) }
        truncateHistory()  // also after a run that ended without doing so (a second Ctrl-C)
    }

    mutating func readLine() -> String? {
        Signals.promptStarts()
        defer { Signals.commandStarts() }
        ReadlineState.line = nil
        ReadlineState.finished = false
        // The window may have changed while the last command ran (readline hears SIGWINCH only at its prompt).
        let window = Console.size()
        rl_set_screen_size(Int32(window.lines), Int32(window.columns))
        rl_callback_handler_install(prompt, lineHandler)
        while !ReadlineState.finished {
            // Ctrl-C at the prompt (seen as EINTR from poll, or as the flag set
            // while a key was being handled): drop the partial line, prompt again.
            if Interrupt.process.isRequested {
                Interrupt.process.clear()
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_crlf()
                rl_callback_handler_remove()
                rl_callback_handler_install(prompt, lineHandler)
            }
            // Readline leaves SIGINT blocked after some key handlers (its
            // _rl_block_sigint around redisplay); unblock it so Ctrl-C reaches us.
            Signals.unblockInterrupt()
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            if ready < 0 {
                guard errno == EINTR else { break }
                if Signals.takeWindowChange() { rl_resize_terminal() }
                continue
            }
            rl_callback_read_char()
        }
        guard let line = ReadlineState.line else {
            print("")  // Ctrl-D: end the prompt line before leaving
            return nil
        }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(line)
            if let historyPath { append_history(1, historyPath) }
        }
        return line
    }

    /// Keeps the history file to its last 2000 lines; called on leaving,
    /// after Ctrl-D and `quit` alike.
    func truncateHistory() {
        if let historyPath { history_truncate_file(historyPath, 2000) }
    }

    /// `$XDG_STATE_HOME/bplab/history` (see `StateFolder`); nil when the
    /// folder cannot be made (history then lives in memory only).
    private static func prepareHistoryFile() -> String? {
        let folder = StateFolder.path
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return nil }
        let path = folder + "/history"
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        }
        return path
    }
}

/// Readline calls back through C function pointers, which cannot capture
/// context; this is the context they reach. Only the main thread touches it.
private enum ReadlineState {
    nonisolated(unsafe) static var line: String?
    nonisolated(unsafe) static var finished = false
    nonisolated(unsafe) static var session: Session?
    nonisolated(unsafe) static var matches: [String] = []
}

private func lineHandler(_ text: UnsafeMutablePointer<CChar>?) {
    if let text {
        ReadlineState.line = String(cString: text)
        free(text)
    }
    ReadlineState.finished = true
    rl_callback_handler_remove()
}

private func completeLine(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let session = ReadlineState.session, let text, let buffer = rl_line_buffer else { return nil }
    let word = String(cString: text)
    let prefix = String(decoding: UnsafeRawBufferPointer(start: buffer, count: Int(end)), as: UTF8.self)
    let words = Completion.candidates(linePrefix: prefix, word: word, session: session)
    rl_attempted_completion_over = 1  // never readline's own file names: Completion lists them
    ReadlineState.matches = words
    // A word that goes on (`lr=`, `w1[`, `w1[2,`, `uniform(`, a folder `data/`) gets no space after it.
    if words.count == 1, let last = words[0].last, "=[,(/".contains(last) {
        rl_completion_append_character = 0
    }
    return rl_completion_matches(text, nextMatch)
}

private func nextMatch(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let index = Int(state)
    guard index < ReadlineState.matches.count else { return nil }
    return strdup(ReadlineState.matches[index])
}
