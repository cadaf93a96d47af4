namespace Telemetry.Storage;

/// <summary>
/// Where segments live: immutable blobs addressed by a relative path such as
/// <c>acme/picks/raw/2026/12/04/16/00000001.parquet</c>. Local files or Azure Blob; the rest of the code
/// cannot tell them apart. A write is atomic: readers see the whole blob or none of it.
/// </summary>
public interface ISegmentStore
{
    /// <summary>Stores <paramref name="content"/> (read from its current position) at <paramref name="path"/>, replacing any blob there.</summary>
    Task WriteAsync(string path, Stream content);

    /// <summary>A seekable stream over the blob at <paramref name="path"/>; the caller disposes it.</summary>
    Task<Stream> OpenReadAsync(string path);

    /// <summary>Deletes the blob at <paramref name="path"/>; a missing blob is not an error.</summary>
    Task DeleteAsync(string path);
}
