namespace ActorTrain.Kernels.Training;

/// <summary>
/// A directory of checkpoints named by step. Writes are atomic (temp file, flush to disk, rename), so a crash leaves
/// either the old or the new file, never half of one; only the newest <see cref="Keep"/> are kept.
/// </summary>
public sealed class CheckpointStore
{
    private const string Prefix = "step-", Suffix = ".ckpt";

    public CheckpointStore(string directory, int keep = 3)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep at least one checkpoint");
        Directory = directory;
        Keep = keep;
    }

    public string Directory { get; }
    public int Keep { get; }

    public string Save(Checkpoint checkpoint)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string final = Path.Combine(Directory, $"{Prefix}{checkpoint.Header.Step:D10}{Suffix}");
        string temp = final + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            checkpoint.Write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, final, overwrite: true);
        foreach (var old in List().SkipLast(Keep)) File.Delete(old);
        return final;
    }

    /// <summary>The checkpoint taken after exactly <paramref name="step"/> updates.</summary>
    public Checkpoint Read(long step)
    {
        string path = Path.Combine(Directory, $"{Prefix}{step:D10}{Suffix}");
        if (!File.Exists(path)) throw new InvalidDataException($"no checkpoint of step {step} in {Directory}");
        return Checkpoint.Read(path);
    }

    /// <summary>Checkpoint files, oldest first.</summary>
    public IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, $"{Prefix}*{Suffix}").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The newest checkpoint that reads back intact; a damaged newer one is skipped and reported through
    /// <paramref name="skipped"/> rather than losing the run. Null when there is none.
    /// </summary>
    public Checkpoint? Latest(Action<string>? skipped = null)
    {
        foreach (var path in List().Reverse())
        {
            try
            {
                return Checkpoint.Read(path);
            }
            catch (InvalidDataException e)
            {
                skipped?.Invoke(e.Message);
            }
        }
        return null;
    }
}
