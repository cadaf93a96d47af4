namespace Telemetry.Api.Tests.Http.Streams;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class SettableTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
