namespace Telemetry.Streams;

/// <summary>Which matching samples become events.</summary>
[GenerateSerializer]
public enum StreamEmit
{
    /// <summary>Every sample that matches the filter (and the condition, when there is one).</summary>
    Every = 0,

    /// <summary>Only samples where the condition starts or stops holding for their series.</summary>
    Crossing = 1,
}
