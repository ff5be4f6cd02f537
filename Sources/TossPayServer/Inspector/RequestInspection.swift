import NIOCore
import Synchronization

/// The request inspector's note on one request in flight: which merchant it acted for, once
/// ``MerchantAuthenticator`` (or the login API's access token) has established it, and the
/// request body as the route read it (``CapturingRequestBody``). The middleware puts one on the
/// request context of the routes it records; a request that never authenticates leaves the
/// merchant empty and is not recorded.
final class RequestInspection: Sendable {
    /// The most request-body bytes kept (the largest body a route accepts).
    static let bodyLimit = Envelope.maximumBodySize

    private struct State {
        var merchantId: String?
        var chunks: [ByteBuffer] = []
        var bytes = 0
    }

    private let state = Mutex(State())

    /// The authenticated merchant's id, if any.
    var merchantId: String? { state.withLock { $0.merchantId } }

    /// Records that the request acts for `merchantId`.
    func authenticated(_ merchantId: String) {
        state.withLock { $0.merchantId = merchantId }
    }

    /// Keeps a chunk of the request body the route read, up to ``bodyLimit`` bytes in all.
    func received(_ chunk: ByteBuffer) {
        state.withLock { state in
            let room = Self.bodyLimit - state.bytes
            guard room > 0 else { return }
            let kept = chunk.readableBytes <= room ? chunk : chunk.getSlice(at: chunk.readerIndex, length: room) ?? chunk
            state.chunks.append(kept)
            state.bytes += kept.readableBytes
        }
    }

    /// The request body read so far, as one buffer (the chunks themselves when there is one).
    var requestBody: ByteBuffer {
        state.withLock { state in
            if state.chunks.count == 1 { return state.chunks[0] }
            var buffer = ByteBuffer()
            buffer.reserveCapacity(state.bytes)
            for var chunk in state.chunks { buffer.writeBuffer(&chunk) }
            return buffer
        }
    }
}
