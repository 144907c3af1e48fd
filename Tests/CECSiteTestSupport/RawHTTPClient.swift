import Foundation

/// An HTTP/1.1 exchange over a bare socket, for what URLSession will not send (a 1 MiB header,
/// `//en`, two Content-Lengths, an unknown method) or will not show (a HEAD answer's headers as
/// sent). Every step is bounded by the deadline; the answer is whatever arrived by then.
package struct RawHTTPClient {
    package struct Answer {
        package var status = 0
        /// Header names lowercased; repeated headers joined with ", ".
        package var headers: [String: String] = [:]
        package var body = Data()
        package var seconds = 0.0
    }

    package var port: Int

    /// A client of the server listening on `port` on this machine.
    package init(port: Int) { self.port = port }

    /// Opens a connection to 127.0.0.1:port, or returns -1 when none is made within `timeout`.
    package static func connect(port: Int, timeout: Double = 5) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard errno == EINPROGRESS, poll(&poller, 1, Int32(timeout * 1000)) == 1,
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0
            else {
                close(fd)
                return -1
            }
        }
        return fd
    }

    /// Sends `request` and reads the answer until it is complete, the server closes, or
    /// `timeout` seconds pass. Sending stops early when the server has answered or closed.
    /// The socket is waited on by a thread of its own, never one of Swift's few concurrency
    /// threads, which the server under test needs.
    package func exchange(_ request: String, head: Bool = false, timeout: Double = 10) async -> Answer {
        await exchange(Array(request.utf8), head: head, timeout: timeout)
    }

    package func exchange(_ request: [UInt8], head: Bool = false, timeout: Double = 10) async -> Answer {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: blockingExchange(request, head: head, timeout: timeout)) }
        }
    }

    package func blockingExchange(_ request: [UInt8], head: Bool, timeout: Double) -> Answer {
        let start = Date()
        var answer = Answer()
        let fd = Self.connect(port: port, timeout: timeout)
        guard fd >= 0 else { return answer }
        defer { close(fd) }
        var sent = 0
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date().timeIntervalSince(start) < timeout {
            var poller = pollfd(fd: fd, events: Int16(POLLIN) | (sent < request.count ? Int16(POLLOUT) : 0), revents: 0)
            guard poll(&poller, 1, 50) >= 0 else { break }
            if poller.revents & Int16(POLLIN) != 0 || poller.revents & Int16(POLLHUP) != 0 {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received.append(contentsOf: buffer[0..<count])
                if Self.parse(received, head: head, into: &answer) { break }
            } else if poller.revents & Int16(POLLOUT) != 0 {
                let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, min($0.count, 65536), Int32(MSG_NOSIGNAL)) }
                if count < 0 { sent = request.count } else { sent += count }
            } else if poller.revents & Int16(POLLERR) != 0 {
                sent = request.count
            }
        }
        _ = Self.parse(received, head: head, into: &answer)
        answer.seconds = Date().timeIntervalSince(start)
        return answer
    }

    /// True once `data` holds a whole answer (its head, and its body unless `head`).
    package static func parse(_ data: Data, head: Bool, into answer: inout Answer) -> Bool {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.first?.split(separator: " ") ?? []
        answer.status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        answer.headers = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            answer.headers[name] = answer.headers[name].map { $0 + ", " + value } ?? value
        }
        answer.body = data[end.upperBound...]
        if head { return true }
        return answer.body.count >= Int(answer.headers["content-length"] ?? "") ?? Int.max
    }
}
