import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A response body writer that keeps what is written, so the inspector can read an answer the
/// route built (an envelope's single buffer is kept as is, not copied).
final class ResponseBodySink: ResponseBodyWriter, Sendable {
    private let chunks = Mutex<[ByteBuffer]>([])

    func write(_ buffer: ByteBuffer) async throws {
        chunks.withLock { $0.append(buffer) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}

    /// Everything written, as one buffer.
    var buffer: ByteBuffer {
        chunks.withLock { chunks in
            if chunks.count == 1 { return chunks[0] }
            var buffer = ByteBuffer()
            for var chunk in chunks { buffer.writeBuffer(&chunk) }
            return buffer
        }
    }
}
