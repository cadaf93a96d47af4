using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// The log as Azure append blobs under <c>{prefix}</c> (one prefix per silo), each named
/// <c>{first sequence:D20}-{n:D4}.log</c> and holding <see cref="LogEntryCodec"/> frames. One writer gathers
/// every append waiting (group commit) and writes them with one AppendBlock (more only past the 4 MiB block
/// limit), conditioned on the append position so that an SDK retry can never write a group twice.
/// <para>
/// A failed or ambiguous append acknowledges nothing and abandons its blob: the next group starts a new
/// blob named by the first sequence of the failed group (sequences are reused, so they stay gapless).
/// Replay therefore skips the entries of a blob at or past the first sequence of the blob after it: they
/// were never acknowledged. A blob is also rolled before it reaches the 50,000-block limit or
/// <see cref="IngestLogOptions.MaxFileBytes"/>.
/// </para>
/// </summary>
public sealed class AppendBlobIngestLog : IIngestLog, IAsyncDisposable
{
    /// <summary>The largest AppendBlock Azure takes.</summary>
    public const int MaxBlockBytes = 4 * 1024 * 1024;

    /// <summary>Azure's 50,000 blocks per append blob, less a margin for one oversized group.</summary>
    public const int DefaultMaxBlocksPerBlob = 49_000;

    private const string Extension = ".log";

    private readonly Func<Task<BlobContainerClient>> _container;
    private readonly string _prefix;
    private readonly LogEntryCodec _codec;
    private readonly IngestLogOptions _options;
    private readonly int _maxBlocksPerBlob;
    private readonly ILogger<AppendBlobIngestLog> _logger;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<LogBlob> _sealed = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Lock _blobsLock = new();
    private Task? _writer;
    private LogBlob? _current;
    private long _nextSequence = 1;
    private bool _replayed;

    public AppendBlobIngestLog(
        Func<Task<BlobContainerClient>> container,
        string prefix,
        Serializer serializer,
        IOptions<IngestLogOptions> options,
        ILogger<AppendBlobIngestLog> logger,
        int maxBlocksPerBlob = DefaultMaxBlocksPerBlob)
    {
        _container = container;
        _prefix = prefix.EndsWith('/') ? prefix : prefix + "/";
        _codec = new LogEntryCodec(serializer);
        _options = options.Value;
        _maxBlocksPerBlob = maxBlocksPerBlob;
        _logger = logger;
    }

    private sealed record PendingAppend(ImmutableArray<SeriesBatch> Batches, TaskCompletionSource<long> Done);

    private sealed class LogBlob(string name, long firstSequence)
    {
        public string Name { get; } = name;
        public long FirstSequence { get; } = firstSequence;
        public LogFileContents Contents { get; } = new();
        public long Length { get; set; }
        public int Blocks { get; set; }
        public AppendBlobClient? Client { get; set; }
    }

    /// <summary>The blob names under this log's prefix, oldest first (for tests and diagnostics).</summary>
    public async Task<List<string>> ListBlobsAsync()
    {
        var container = await _container();
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix }))
        {
            names.Add(item.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    public Task<long> AppendAsync(ImmutableArray<SeriesBatch> batches, CancellationToken cancellationToken = default)
    {
        if (!_replayed)
        {
            throw new InvalidOperationException("The log must be replayed before the first append.");
        }

        var pending = new PendingAppend(batches, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_appends.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException("The write-ahead log is shut down.");
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LogEntry> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var container = await _container();
        var blobs = (await LogBlobsAsync(container, name => _names.Add(name), cancellationToken)).Select(b => new LogBlob(b.Name, b.FirstSequence)).ToList();
        for (var i = 0; i < blobs.Count; i++)
        {
            var blob = blobs[i];
            var supersededFrom = i + 1 < blobs.Count ? blobs[i + 1].FirstSequence : long.MaxValue;
            var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            await using var stream = content.ToStream();
            long good = 0;
            while (await _codec.TryReadAsync(stream, cancellationToken) is { } entry && entry.Sequence < supersededFrom)
            {
                good = stream.Position;
                blob.Contents.Include(entry.Sequence, entry.Batches);
                _nextSequence = Math.Max(_nextSequence, entry.Sequence + 1);
                yield return entry;
            }

            if (good < stream.Length)
            {
                _logger.LogWarning("Log blob {Blob}: {Bytes} bytes after the last acknowledged entry are skipped (an append that failed or was torn).", blob.Name, stream.Length - good);
            }

            lock (_blobsLock)
            {
                _sealed.Add(blob);
            }
        }

        _replayed = true;
        _writer = Task.Run(WriteLoopAsync);
    }

    public async IAsyncEnumerable<LogEntry> ReadBackAsync(long upToSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var container = await _container();
        var blobs = await LogBlobsAsync(container, _ => { }, cancellationToken);
        for (var i = 0; i < blobs.Count; i++)
        {
            // As in replay: a later blob supersedes what a failed append left at the end of an earlier one.
            var supersededFrom = i + 1 < blobs.Count ? blobs[i + 1].FirstSequence : long.MaxValue;
            BinaryData content;
            try
            {
                content = (await container.GetBlobClient(blobs[i].Name).DownloadContentAsync(cancellationToken)).Value.Content;
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                continue; // trimmed meanwhile: segments cover it
            }

            await using var stream = content.ToStream();
            while (await _codec.TryReadAsync(stream, cancellationToken) is { } entry && entry.Sequence < supersededFrom)
            {
                if (entry.Sequence > upToSequence)
                {
                    yield break;
                }

                yield return entry;
            }
        }
    }

    /// <summary>
    /// This silo's log blobs in replay order (by first sequence, then name); <paramref name="seen"/> gets every
    /// blob name under the prefix, log blob or not.
    /// </summary>
    private async Task<List<(string Name, long FirstSequence)>> LogBlobsAsync(BlobContainerClient container, Action<string> seen, CancellationToken cancellationToken)
    {
        var blobs = new List<(string Name, long FirstSequence)>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix }, cancellationToken))
        {
            seen(item.Name);
            if (TryParse(item.Name, out var first))
            {
                blobs.Add((item.Name, first));
            }
        }

        return [.. blobs.OrderBy(b => b.FirstSequence).ThenBy(b => b.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes the oldest sealed blobs, in order, while segments cover them; it stops at the first that is
    /// still needed, so replay's "a later blob supersedes" rule always sees the blob after a kept one.
    /// </summary>
    public async Task<int> TrimAsync(long appliedSequence, Func<IReadOnlyDictionary<LoggedSeries, long>, Task<bool>> covered)
    {
        List<LogBlob> candidates;
        lock (_blobsLock)
        {
            candidates = [.. _sealed];
        }

        var container = await _container();
        return await LogFileContents.TrimOldestFirstAsync(candidates, b => b.Contents, appliedSequence, covered, async blob =>
        {
            await container.DeleteBlobIfExistsAsync(blob.Name);
            lock (_blobsLock)
            {
                _sealed.Remove(blob);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>(_options.MaxEntriesPerCommit);
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _options.MaxEntriesPerCommit && reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            var firstSequence = _nextSequence;
            var frames = new List<byte[]>(group.Count);
            foreach (var pending in group)
            {
                frames.Add(_codec.Encode(new LogEntry(_nextSequence++, pending.Batches)));
            }

            var blocks = Blocks(frames);
            try
            {
                if (_current is not null && (_current.Blocks + blocks.Count > _maxBlocksPerBlob || _current.Length >= _options.MaxFileBytes))
                {
                    Seal();
                }

                _current ??= await CreateBlobAsync(firstSequence);
                foreach (var block in blocks)
                {
                    using var content = new MemoryStream(block, writable: false);
                    await _current.Client!.AppendBlockAsync(content, new AppendBlobAppendBlockOptions
                    {
                        Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = _current.Length },
                    });
                    _current.Length += block.Length;
                    _current.Blocks++;
                }
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "The write-ahead log could not make {Count} appends durable; none is acknowledged.", group.Count);
                _nextSequence = firstSequence;
                if (_current is not null)
                {
                    // What the failed append left (maybe nothing, maybe all of it) is superseded by the next blob.
                    Seal();
                }

                foreach (var pending in group)
                {
                    pending.Done.TrySetException(new StorageUnavailableException("The write-ahead log could not be written; nothing was acknowledged.", exception));
                }

                continue;
            }

            for (var i = 0; i < group.Count; i++)
            {
                _current.Contents.Include(firstSequence + i, group[i].Batches);
            }
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(firstSequence + i);
            }
        }
    }

    /// <summary>The frames packed into blocks of at most <see cref="MaxBlockBytes"/>; a larger frame spans blocks.</summary>
    private static List<byte[]> Blocks(List<byte[]> frames)
    {
        var total = frames.Sum(f => (long)f.Length);
        var all = new byte[total];
        var offset = 0;
        foreach (var frame in frames)
        {
            frame.CopyTo(all, offset);
            offset += frame.Length;
        }

        if (all.Length <= MaxBlockBytes)
        {
            return [all];
        }

        var blocks = new List<byte[]>();
        for (var start = 0; start < all.Length; start += MaxBlockBytes)
        {
            blocks.Add(all[start..Math.Min(all.Length, start + MaxBlockBytes)]);
        }

        return blocks;
    }

    private async Task<LogBlob> CreateBlobAsync(long firstSequence)
    {
        var container = await _container();
        string name;
        var n = 0;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{_prefix}{firstSequence:D20}-{n++:D4}{Extension}");
        }
        while (_names.Contains(name));

        _names.Add(name);
        var client = container.GetAppendBlobClient(name);
        // If-None-Match: * — a blob of this name from another writer is never appended to.
        await client.CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } });
        return new LogBlob(name, firstSequence) { Client = client };
    }

    private void Seal()
    {
        lock (_blobsLock)
        {
            _sealed.Add(_current!);
        }

        _current = null;
    }

    private bool TryParse(string name, out long firstSequence)
    {
        firstSequence = 0;
        if (!name.StartsWith(_prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var local = name[_prefix.Length..^Extension.Length];
        var dash = local.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(local.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence);
    }
}
