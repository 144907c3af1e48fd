import CECSiteCore
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP/1.1 connection of the preview server: requests are answered one at a time, in order;
/// a request head over the limits, a malformed one or one with a body is answered once and the
/// connection closed without reading what follows (beyond a short, bounded drain so the client
/// sees the answer rather than a reset).
final class HTTPConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The longest request line (method, target, version), in bytes: longer gets 414.
    static let maxRequestLine = 8 * 1024
    /// The most header bytes of one request: more gets 431. NIO's decoder counts the request
    /// target into the same total, hence the request line's allowance on top.
    static let maxHeaderBytes = 64 * 1024
    static let decoderLimits: NIOHTTPDecoderLimitConfiguration = {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = maxHeaderBytes
        limits.maxHeaderListSize = maxHeaderBytes + maxRequestLine
        limits.maxHeaderFieldCount = 1000
        return limits
    }()
    /// After a refusal, at most this many bytes and seconds are read and dropped before closing.
    static let drainBytes = 4 << 20
    static let drainSeconds: Int64 = 2

    /// What this connection's handlers share; all of it is touched on its event loop only.
    final class State {
        /// The current request line has not ended yet (no line feed seen).
        var lineOpen = true
        var lineBytes = 0
        /// A refusal was sent: bytes that still arrive are counted and dropped.
        var draining = false
        var drained = 0
    }

    private let server: PreviewServer
    private let state: State
    private var queue: [HTTPRequestHead] = []
    private var busy = false
    /// An answer is being written (a client that does not read keeps it so).
    private var writing = false
    private var closing = false
    /// A refusal waiting for the answer in progress to finish.
    private var pendingRefusal: Int?

    init(server: PreviewServer, state: State) {
        self.server = server
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        context.read()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, pendingRefusal == nil else { return }
        // A request is answered from its head: a body is never read (the answer refuses it).
        if case .head(let head) = unwrapInboundIn(data) {
            queue.append(head)
            if !busy { answerNext(context: context) }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if closing {
            if state.drained > Self.drainBytes { context.close(promise: nil) } else { context.read() }
        } else if !busy {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard !closing, pendingRefusal == nil else { return }
        let status: Int
        switch error {
        case is RequestLineLimit.TooLong: status = 414
        case HTTPParserError.headerOverflow: status = 431
        case HTTPParserError.invalidMethod: status = 501
        case is HTTPParserError: status = 400
        default:
            context.close(promise: nil)
            return
        }
        state.draining = true
        if busy {
            pendingRefusal = status
        } else {
            refuse(status, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Silent too long between requests, inside a head, or while not reading its answer: the
        // descriptor is given back. A held reload poll is busy but not writing, and stays.
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, !busy || writing {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func answerNext(context: ChannelHandlerContext) {
        let head = queue.removeFirst()
        busy = true
        let request = PreviewServer.Request(
            method: head.method.rawValue, target: head.uri,
            headers: head.headers.map { ($0.name, $0.value) })
        let headOnly = head.method == .HEAD
        let keepAlive = head.isKeepAlive
        let server = self.server
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            let response = await server.respond(request)
            loop.execute {
                let (me, context) = bound.value
                me.send(response, headOnly: headOnly, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func send(_ response: PreviewServer.Response, headOnly: Bool, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else {
            busy = false
            return
        }
        let close = response.close || !keepAlive
        writing = true
        // The next request is answered only once this answer has been handed to the socket, so
        // a client that asks without reading cannot make answers pile up in memory.
        write(response, headOnly: headOnly, close: close, context: context).assumeIsolated().whenComplete { [self] result in
            busy = false
            writing = false
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            if let status = pendingRefusal {
                refuse(status, context: context)
            } else if close {
                linger(context: context)
            } else if !queue.isEmpty {
                answerNext(context: context)
            } else {
                state.lineOpen = true
                state.lineBytes = 0
                context.read()
            }
        }
    }

    /// Writes an answer; its `Content-Length` is the body's also when only the head is sent.
    private func write(
        _ response: PreviewServer.Response, headOnly: Bool, close: Bool,
        context: ChannelHandlerContext
    ) -> EventLoopFuture<Void> {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        if close { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !headOnly, !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        return context.writeAndFlush(wrapOutboundOut(.end(nil)))
    }

    private func refuse(_ status: Int, context: ChannelHandlerContext) {
        pendingRefusal = nil
        closing = true
        state.draining = true
        let message: String
        switch status {
        case 414: message = "The request line is over \(Self.maxRequestLine) bytes.\n"
        case 431: message = "The request headers are over \(Self.maxHeaderBytes) bytes.\n"
        case 501: message = "Only GET and HEAD are served.\n"
        default: message = "Malformed request.\n"
        }
        write(PreviewServer.text(status, message), headOnly: false, close: true, context: context)
            .assumeIsolated().whenComplete { [self] _ in linger(context: context) }
    }

    /// Ends the answer's side of the connection, then reads and drops what the client still
    /// sends for a bounded time, so that it reads the answer instead of a connection reset.
    private func linger(context: ChannelHandlerContext) {
        closing = true
        state.draining = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.close(mode: .output).whenFailure { _ in bound.value.close(promise: nil) }
        context.eventLoop.scheduleTask(in: .seconds(Self.drainSeconds)) { bound.value.close(promise: nil) }
        context.read()
    }
}

/// Counts the bytes of each request line before NIO's HTTP decoder sees them: a line over
/// ``HTTPConnection/maxRequestLine`` bytes is reported as ``TooLong`` (answered 414) and nothing
/// more is passed on. NIO's decoder counts the target together with the headers and reports
/// only "header overflow", which cannot tell 414 from 431; this handler only looks for the
/// line feed, it parses nothing.
final class RequestLineLimit: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    struct TooLong: Error {}

    private let state: HTTPConnection.State

    init(state: HTTPConnection.State) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if state.draining {
            state.drained += buffer.readableBytes
            return
        }
        if state.lineOpen {
            let view = buffer.readableBytesView
            if let end = view.firstIndex(of: UInt8(ascii: "\n")) {
                state.lineBytes += end - view.startIndex
                state.lineOpen = false
            } else {
                state.lineBytes += view.count
            }
            if state.lineBytes > HTTPConnection.maxRequestLine {
                state.drained += buffer.readableBytes
                context.fireErrorCaught(TooLong())
                return
            }
        }
        context.fireChannelRead(data)
    }
}

/// Says on the terminal when connections cannot be accepted (out of file descriptors, mostly)
/// and when they can again; `AcceptBackoffHandler` before it does the waiting.
final class AcceptFailureLog: ChannelInboundHandler {
    typealias InboundIn = Channel

    private let log: @Sendable (String) -> Void
    private var failing = false

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if failing {
            failing = false
            log("serve: accepting connections again")
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let error = error as? IOError else {
            context.fireErrorCaught(error)
            return
        }
        if !failing {
            failing = true
            let reason =
                [EMFILE, ENFILE].contains(error.errnoCode)
                ? "out of file descriptors" : String(cString: strerror(error.errnoCode))
            log("serve: cannot accept connections (\(reason)); trying again every second — close idle connections or raise `ulimit -n`")
        }
    }
}
