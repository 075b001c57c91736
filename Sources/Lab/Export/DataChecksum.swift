import Crypto
import Foundation

extension Data {
    /// The SHA-256 digest as 64 lowercase hex digits, what Python's
    /// `hashlib.sha256(…).hexdigest()` prints: the checksum an exported
    /// script verifies before it trusts its data file.
    var sha256Hex: String {
        SHA256.hash(data: self).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
