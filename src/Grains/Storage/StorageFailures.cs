using System.Net.Sockets;
using Azure;
using Telemetry.Ingest;

namespace Telemetry.Storage;

/// <summary>Tells "storage could not be reached" (retry later: 503) from every other failure.</summary>
public static class StorageFailures
{
    /// <summary>
    /// True for a transport failure, a timeout, or a 408/5xx answer after the client's own retries, anywhere in
    /// the exception's chain; false for conflicts and other answers a retry would not change.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StorageUnavailableException => true,
        RequestFailedException failed when failed.Status is 0 or 408 or >= 500 => true,
        RequestFailedException => false,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        TaskCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>Runs a storage call, turning unreachable storage into <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not StorageUnavailableException && IsUnavailable(exception))
        {
            throw new StorageUnavailableException($"{what}: storage is unavailable.", exception);
        }
    }

    /// <inheritdoc cref="GuardAsync{T}(Func{Task{T}}, string)"/>
    public static Task GuardAsync(Func<Task> call, string what) =>
        GuardAsync(async () =>
        {
            await call();
            return true;
        }, what);
}
