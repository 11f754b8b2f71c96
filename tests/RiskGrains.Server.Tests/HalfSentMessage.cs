using System.Net;

namespace RiskGrains.Server.Tests;

/// <summary>
/// The body of a gRPC call that announces a message of <c>length</c> bytes, sends all but the last byte
/// and then sends nothing more until the test lets it go, when the client resets the stream: the stream
/// of a client that stalls, then leaves.
/// </summary>
internal sealed class HalfSentMessage(int length, CancellationToken release) : HttpContent
{
    public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var prefix = new byte[5];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(1), length);
        await stream.WriteAsync(prefix);
        await stream.WriteAsync(new byte[length - 1]);
        await stream.FlushAsync();
        Sent.TrySetResult();

        // Let go: the body fails, so the client resets the stream, as one that goes away does.
        await Task.Delay(Timeout.Infinite, release);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
