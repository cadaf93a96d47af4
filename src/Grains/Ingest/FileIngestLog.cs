using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// The log as files under a directory, named by the first sequence they hold. Each entry is one
/// <see cref="LogEntryCodec"/> frame.
/// One writer gathers every append waiting (group commit), writes them and flushes to disk once, then
/// completes them all; a failed flush fails the whole group, cuts the partial write off and
/// acknowledges nothing of it.
/// </summary>
public sealed class FileIngestLog : IIngestLog, IAsyncDisposable
{
    private const string Extension = ".log";

    private readonly string _directory;
    private readonly LogEntryCodec _codec;
    private readonly IngestLogOptions _options;
    private readonly ILogger<FileIngestLog> _logger;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<LogFile> _sealed = [];
    private readonly Lock _filesLock = new();
    private Task? _writer;
    private FileStream? _current;
    private LogFile? _currentFile;
    private long _nextSequence = 1;
    private bool _replayed;

    public FileIngestLog(string directory, Serializer serializer, IOptions<IngestLogOptions> options, ILogger<FileIngestLog> logger)
    {
        _directory = directory;
        _codec = new LogEntryCodec(serializer);
        _options = options.Value;
        _logger = logger;
        Directory.CreateDirectory(directory);
    }

    private sealed record PendingAppend(ImmutableArray<SeriesBatch> Batches, TaskCompletionSource<long> Done);

    private sealed class LogFile(string path, long firstSequence)
    {
        public string Path { get; } = path;
        public long FirstSequence { get; } = firstSequence;
        public LogFileContents Contents { get; } = new();
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
        var files = Directory.GetFiles(_directory, "*" + Extension).Order(StringComparer.Ordinal).ToList();
        for (var f = 0; f < files.Count; f++)
        {
            var name = Path.GetFileNameWithoutExtension(files[f]);
            var file = new LogFile(files[f], long.TryParse(name, out var first) ? first : 0);
            await using (var stream = new FileStream(files[f], FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                long good = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var entry = await _codec.TryReadAsync(stream, cancellationToken);
                    if (entry is null)
                    {
                        break;
                    }

                    good = stream.Position;
                    file.Contents.Include(entry.Sequence, entry.Batches);
                    _nextSequence = Math.Max(_nextSequence, entry.Sequence + 1);
                    yield return entry;
                }

                if (good < stream.Length)
                {
                    _logger.LogWarning("Log file {File}: {Bytes} bytes after the last whole entry were cut off (a write torn by a crash).", files[f], stream.Length - good);
                    stream.SetLength(good);
                }
            }

            lock (_filesLock)
            {
                _sealed.Add(file);
            }
        }

        _replayed = true;
        OpenNextFile();
        _writer = Task.Run(WriteLoopAsync);
    }

    public async IAsyncEnumerable<LogEntry> ReadBackAsync(long upToSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in Directory.GetFiles(_directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            FileStream stream;
            try
            {
                // The writer keeps appending to the current file: share it, and stop at its last whole entry.
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
            }
            catch (FileNotFoundException)
            {
                continue; // trimmed meanwhile: segments cover it
            }

            await using (stream)
            {
                while (await _codec.TryReadAsync(stream, cancellationToken) is { } entry)
                {
                    if (entry.Sequence > upToSequence)
                    {
                        yield break;
                    }

                    yield return entry;
                }
            }
        }
    }

    public async Task<int> TrimAsync(long appliedSequence, Func<IReadOnlyDictionary<LoggedSeries, long>, Task<bool>> covered)
    {
        List<LogFile> candidates;
        lock (_filesLock)
        {
            candidates = [.. _sealed.OrderBy(f => f.FirstSequence)];
        }

        return await LogFileContents.TrimOldestFirstAsync(candidates, f => f.Contents, appliedSequence, covered, file =>
        {
            File.Delete(file.Path);
            lock (_filesLock)
            {
                _sealed.Remove(file);
            }

            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        if (_current is not null)
        {
            await _current.DisposeAsync();
        }
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>(_options.MaxEntriesPerCommit);
        var frames = new ArrayBufferWriter<byte>(); // reused: a group's frames go to the file in one write
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _options.MaxEntriesPerCommit && reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            var start = _current!.Position;
            var firstSequence = _nextSequence;
            try
            {
                frames.ResetWrittenCount();
                foreach (var pending in group)
                {
                    LogEntryCodec.Encode(new LogEntry(_nextSequence++, pending.Batches), frames);
                }

                await _current.WriteAsync(frames.WrittenMemory);
                await _current.FlushAsync();
                _current.Flush(flushToDisk: true);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "The write-ahead log could not make {Count} appends durable; none is acknowledged.", group.Count);
                _nextSequence = firstSequence;
                TryCutBack(start);
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(new StorageUnavailableException("The write-ahead log could not be written; nothing was acknowledged.", exception));
                }

                continue;
            }

            for (var i = 0; i < group.Count; i++)
            {
                _currentFile!.Contents.Include(firstSequence + i, group[i].Batches);
            }
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(firstSequence + i);
            }

            if (_current.Length >= _options.MaxFileBytes)
            {
                SealCurrentFile();
                OpenNextFile();
            }
        }
    }

    private void TryCutBack(long length)
    {
        try
        {
            _current!.SetLength(length);
            _current.Position = length;
        }
        catch (Exception exception)
        {
            // The next group starts a fresh file; replay cuts a torn tail off anyway.
            _logger.LogWarning(exception, "Could not cut a failed write back; starting a new log file.");
            SealCurrentFile();
            OpenNextFile();
        }
    }

    private void OpenNextFile()
    {
        var path = Path.Combine(_directory, _nextSequence.ToString("D20") + Extension);
        _current = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        _currentFile = new LogFile(path, _nextSequence);
    }

    private void SealCurrentFile()
    {
        try
        {
            _current?.Dispose();
        }
        catch (IOException exception)
        {
            _logger.LogWarning(exception, "Closing log file {File} failed.", _currentFile?.Path);
        }

        lock (_filesLock)
        {
            _sealed.Add(_currentFile!);
        }
    }
}
