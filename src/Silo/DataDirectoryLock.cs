namespace Telemetry.Silo;

/// <summary>
/// Holds an exclusive lock file in the data directory for the life of the process, so that two processes
/// never write the same files; the second one fails at start with a clear message.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;

    public DataDirectoryLock(string dataPath)
    {
        DataPath = dataPath;
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, ".lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"The data directory '{dataPath}' is in use by another process; set Telemetry:Storage:DataPath to another directory.", exception);
        }
    }

    public string DataPath { get; }

    public void Dispose() => _lock.Dispose();
}
