import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit

/// The removal of published images' metadata (`Sources/CImageMetadata/metadata.c`): libjpeg-turbo's
/// coefficient copy, the PNG chunk filter and libwebpmux, each run on every input.
///
/// Invariants: what comes out carries no metadata — a JPEG has, before its first scan, only
/// JFIF, an EXIF block no larger than the one-entry orientation block, ICC profile chunks and
/// the Adobe marker (no other APPn, no comment); a PNG only the kept chunks, an eXIf among them
/// no larger than the orientation block; a WebP no XMP chunk and at most that EXIF — and
/// removing it again changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMedia(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Data(bytes(data, size))
    for format in ["JPEG", "PNG", "WebP"] {
        guard let once = Fuzzing.strippedImage(input, format: format) else { continue }
        switch format {
        case "JPEG": checkJPEG([UInt8](once))
        case "PNG": checkPNG([UInt8](once))
        default: checkWebP([UInt8](once))
        }
        let twice = Fuzzing.strippedImage(once, format: format)
        require(twice == once, "\(format): removing the metadata of an image without any changes it (\(once.count) → \(twice.map { "\($0.count)" } ?? "refused") bytes)")
    }
    return 0
}

/// The one-entry orientation EXIF block libexif makes: 32 bytes with its "Exif\0\0" header.
private let orientationBlock = 32

private func be16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 8 | Int(b[at + 1]) }
private func be32(_ b: [UInt8], _ at: Int) -> Int { be16(b, at) << 16 | be16(b, at + 2) }

private func checkJPEG(_ b: [UInt8]) {
    require(b.count >= 4 && b[0] == 0xFF && b[1] == 0xD8, "JPEG: no SOI")
    var at = 2
    while at + 4 <= b.count, b[at] == 0xFF {
        let marker = b[at + 1]
        if marker == 0xDA { return }  // the first scan: what follows is image data
        let length = be16(b, at + 2)
        require(at + 2 + length <= b.count, "JPEG: a segment runs past the end")
        let payload = Array(b[(at + 4)..<(at + 2 + length)])
        func starts(_ text: String) -> Bool { payload.starts(with: Array(text.utf8)) }
        switch marker {
        case 0xE0: require(starts("JFIF\0"), "JPEG: an APP0 that is not JFIF")
        case 0xE1: require(starts("Exif\0\0") && payload.count <= orientationBlock, "JPEG: an APP1 of \(payload.count) bytes (XMP or a full EXIF)")
        case 0xE2: require(starts("ICC_PROFILE\0"), "JPEG: an APP2 that is not an ICC profile")
        case 0xEE: require(starts("Adobe"), "JPEG: an APP14 that is not Adobe's")
        case 0xE3...0xED, 0xEF, 0xFE: require(false, String(format: "JPEG: marker FF%02X kept", marker))
        default: break
        }
        at += 2 + length
    }
    require(false, "JPEG: no scan")
}

private let pngKept: Set<String> = [
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP", "mDCv", "cLLi", "pHYs", "acTL", "fcTL", "fdAT", "eXIf",
]

private func checkPNG(_ b: [UInt8]) {
    var at = 8
    var types: [String] = []
    while at + 12 <= b.count {
        let length = be32(b, at)
        let type = String(decoding: b[(at + 4)..<(at + 8)], as: UTF8.self)
        require(pngKept.contains(type), "PNG: chunk \(quoted(type)) kept")
        if type == "eXIf" { require(length <= orientationBlock - 6, "PNG: an eXIf of \(length) bytes") }
        types.append(type)
        at += 12 + length
    }
    require(at == b.count && types.last == "IEND", "PNG: does not end with IEND")
}

private func checkWebP(_ b: [UInt8]) {
    var at = 12
    while at + 8 <= b.count {
        let type = String(decoding: b[at..<(at + 4)], as: UTF8.self)
        let length = Int(b[at + 4]) | Int(b[at + 5]) << 8 | Int(b[at + 6]) << 16 | Int(b[at + 7]) << 24
        require(type != "XMP ", "WebP: an XMP chunk kept")
        if type == "EXIF" { require(length <= orientationBlock - 6, "WebP: an EXIF chunk of \(length) bytes") }
        at += 8 + length + (length & 1)
    }
}
