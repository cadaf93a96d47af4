using Telemetry.Api.Wire;
using Xunit;

namespace Telemetry.Api.Tests.Wire;

public sealed class TimeSpanTextTests
{
    [Theory]
    [InlineData("5m", "5m")]
    [InlineData("PT30M", "30m")]
    [InlineData("90s", "90s")]
    [InlineData("36h", "36h")]
    [InlineData("14d", "2w")]
    [InlineData("1500ms", "1500ms")]
    [InlineData("0s", "0s")]
    public void Format_gives_the_shortest_exact_form_that_parses_back(string text, string formatted)
    {
        Assert.True(TimeSpanText.TryParse(text, out var value));

        Assert.Equal(formatted, TimeSpanText.Format(value));
        Assert.True(TimeSpanText.TryParse(formatted, out var again));
        Assert.Equal(value, again);
    }
}
