import Testing
@testable import Lab

/// Deciding whether `set terminal auto` draws sixels.
@Suite struct SixelSupportTests {
    /// Replies to Primary Device Attributes (ESC [ c) from real terminals.
    @Test func attributeFourMeansSixel() {
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?62;4;6;22c") == true)      // xterm -ti vt340, foot
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?65;1;2;4;6;9;15;22c") == true) // Windows Terminal 1.22
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?1;2c") == false)            // tmux, older xterm
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?64;1;2;6;9;15;18;21;22c") == false)
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?4c") == false)             // 4 as the class, not an attribute
        #expect(SixelSupport.sixelInAttributes("typed text\u{1B}[?62;4c") == true)  // typeahead before the reply
        #expect(SixelSupport.sixelInAttributes("\u{1B}[?62;4") == nil)             // not finished yet
        #expect(SixelSupport.sixelInAttributes("") == nil)
    }

    @Test func settingsOverrideEverything() {
        #expect(SixelSupport.detect(setting: .no, environment: ["TERM": "foot"], ask: { true }) == false)
        #expect(SixelSupport.detect(setting: .yes, environment: [:], ask: { false }) == true)
        #expect(SixelSupport.detect(setting: .auto, environment: ["BPLAB_SIXEL": "0", "TERM": "mlterm"], ask: { true }) == false)
        #expect(SixelSupport.detect(setting: .auto, environment: ["BPLAB_SIXEL": "1"], ask: { false }) == true)
    }

    @Test func environmentHintsAndTheTerminalsAnswer() {
        let asked = { (answer: Bool?) in { answer } }
        #expect(SixelSupport.detect(setting: .auto, environment: ["TERM_PROGRAM": "iTerm.app"], ask: asked(nil)))
        #expect(SixelSupport.detect(setting: .auto, environment: ["TERM_PROGRAM": "WezTerm"], ask: asked(nil)))
        #expect(SixelSupport.detect(setting: .auto, environment: ["TERM": "xterm-256color", "KONSOLE_VERSION": "230804"], ask: asked(nil)))
        #expect(!SixelSupport.detect(setting: .auto, environment: ["TERM": "xterm-256color", "KONSOLE_VERSION": "211200"], ask: asked(nil)))
        // VS Code and Windows Terminal say so only when asked (images are a setting, or a recent version).
        #expect(SixelSupport.detect(setting: .auto, environment: ["TERM_PROGRAM": "vscode"], ask: asked(true)))
        #expect(!SixelSupport.detect(setting: .auto, environment: ["TERM_PROGRAM": "vscode"], ask: asked(false)))
        #expect(!SixelSupport.detect(setting: .auto, environment: ["TERM": "xterm-256color"], ask: asked(nil)))
    }
}
