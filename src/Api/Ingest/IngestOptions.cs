using System.ComponentModel.DataAnnotations;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Limits on one ingest request, bound from <c>Telemetry:Ingest</c>. Every limit is explicit so
/// that bad or hostile input gets a clear 4xx instead of exhausting the silo.
/// </summary>
public sealed class IngestOptions
{
    public const string SectionName = "Telemetry:Ingest";

    /// <summary>Largest request body as received (before decompression), in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest body after <c>Content-Encoding</c> is undone, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 64 * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxRecordsPerRequest { get; set; } = 50_000;

    /// <summary>Most dimension keys on one sample.</summary>
    [Range(0, int.MaxValue)]
    public int MaxDimensions { get; set; } = 20;

    [Range(1, int.MaxValue)]
    public int MaxDimensionKeyLength { get; set; } = 128;

    [Range(1, int.MaxValue)]
    public int MaxDimensionValueLength { get; set; } = 256;

    [Range(1, int.MaxValue)]
    public int MaxMetricNameLength { get; set; } = 200;

    /// <summary>How far past the server clock a sample timestamp may lie (client clock drift).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);
}
