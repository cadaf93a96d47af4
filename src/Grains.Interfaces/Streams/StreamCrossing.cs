namespace Telemetry.Streams;

/// <summary>For <see cref="StreamEmit.Crossing"/> streams: whether the sample entered or left the condition.</summary>
[GenerateSerializer]
public enum StreamCrossing
{
    /// <summary>Not a crossing stream (or a test event).</summary>
    None = 0,

    /// <summary>The condition started holding with this sample.</summary>
    Entered = 1,

    /// <summary>The condition stopped holding with this sample.</summary>
    Left = 2,
}
