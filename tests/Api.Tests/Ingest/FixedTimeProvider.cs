namespace Telemetry.Api.Tests.Ingest;

/// <summary>A clock that always reads the same instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
