import Hummingbird
import NIOCore

/// A request body that hands every chunk the route reads to a ``RequestInspection`` as it
/// passes: the route reads (and limits, and refuses) the body exactly as before, and the
/// inspector sees what it read without a second read or a copy.
struct CapturingRequestBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBody
    let inspection: RequestInspection

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let inspection: RequestInspection

        mutating func next() async throws -> ByteBuffer? {
            let chunk = try await base.next()
            if let chunk { inspection.received(chunk) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), inspection: inspection)
    }
}
