namespace Telemetry.Query;

/// <summary>
/// Compares the group-by values of two groups position by position: a missing value (null) sorts first,
/// then values in ordinal order. Gives groups a stable, culture-independent order in query results.
/// </summary>
internal sealed class GroupValuesComparer : IComparer<string?[]>, IEqualityComparer<string?[]>
{
    public static readonly GroupValuesComparer Instance = new();

    public int Compare(string?[]? x, string?[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var order = string.CompareOrdinal(x[i], y[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    public bool Equals(string?[]? x, string?[]? y) => Compare(x, y) == 0;

    public int GetHashCode(string?[] values)
    {
        var hash = new HashCode();
        foreach (var value in values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
