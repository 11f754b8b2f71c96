namespace RiskGrains.LoadTest;

/// <summary>One encoded IngestRequest: the first <see cref="Length"/> bytes of <see cref="Buffer"/>.</summary>
internal sealed record EncodedBatch(byte[] Buffer, int Length, int Items);
