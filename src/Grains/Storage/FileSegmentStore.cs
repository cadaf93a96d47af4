namespace Telemetry.Storage;

/// <summary>
/// Segments as files under a root directory (<c>{DataPath}/segments</c>). A write goes to a temporary file
/// beside the target, is flushed to disk and renamed over it, so a crash leaves the old blob or the new one.
/// </summary>
public sealed class FileSegmentStore : ISegmentStore
{
    private readonly string _root;

    public FileSegmentStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task WriteAsync(string path, Stream content)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file);
                await file.FlushAsync();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string path) =>
        Task.FromResult<Stream>(new FileStream(Resolve(path), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous));

    public Task DeleteAsync(string path)
    {
        File.Delete(Resolve(path));
        return Task.CompletedTask;
    }

    /// <summary>The file of a relative path; a path that would leave the root is refused.</summary>
    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Segment path '{path}' leaves the segment store.", nameof(path));
        }

        return full;
    }
}
