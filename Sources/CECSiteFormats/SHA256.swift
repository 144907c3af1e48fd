import CCrypto
import CECSiteCore
import Foundation

/// SHA-256 (FIPS 180-4), for the `hash` of every published data file: OpenSSL's libcrypto
/// (Debian `libssl-dev`), through its one-shot `EVP_Digest`.
public enum SHA256 {
    /// The digest of `data` as 64 lowercase hexadecimal digits.
    public static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest(data) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The 32-byte digest of `data`.
    public static func digest(_ data: Data) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32 in
            digest.withUnsafeMutableBufferPointer { out in
                // EVP_Digest reads from a pointer that must not be null, even for no bytes.
                withUnsafePointer(to: UInt8(0)) { empty in
                    EVP_Digest(bytes.baseAddress ?? UnsafeRawPointer(empty), bytes.count, out.baseAddress, nil, EVP_sha256(), nil)
                }
            }
        }
        // EVP_Digest fails only when memory runs out: there is no sensible digest to return.
        precondition(ok == 1, "EVP_Digest(SHA-256) failed")
        return digest
    }
}
