using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp.Modules;

namespace GlcicML.Training.Training;

/// <summary>
/// A training checkpoint file: a zip with <c>checkpoint.json</c> (<see cref="CheckpointInfo"/>), both networks'
/// weights and batch-norm statistics, and both optimizers' state. Written to a temporary file and renamed, so a crash
/// or kill never leaves a partial checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The current format version.</summary>
    public const int FormatVersion = 1;

    private const string InfoEntry = "checkpoint.json";
    private const string CompletionEntry = "completion.bin";
    private const string DiscriminatorEntry = "discriminator.bin";
    private const string CompletionOptimizerEntry = "completion-optimizer.bin";
    private const string DiscriminatorOptimizerEntry = "discriminator-optimizer.bin";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Reads only the metadata of a checkpoint.</summary>
    /// <exception cref="InvalidDataException">The file is not a GlcicML checkpoint, or was written by a newer format.</exception>
    public static CheckpointInfo ReadInfo(string path)
    {
        using ZipArchive zip = Open(path);
        return ReadInfo(zip, path);
    }

    internal static void Write(string path, CheckpointInfo info, nn.Module completion, nn.Module discriminator, OptimizerHelper completionOptimizer, OptimizerHelper discriminatorOptimizer)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        RemoveStaleTemporaries(full);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    using (Stream entry = zip.CreateEntry(InfoEntry).Open())
                    {
                        JsonSerializer.Serialize(entry, info, s_json);
                    }

                    WriteEntry(zip, CompletionEntry, w => completion.save(w));
                    WriteEntry(zip, DiscriminatorEntry, w => discriminator.save(w));
                    WriteEntry(zip, CompletionOptimizerEntry, completionOptimizer.save_state_dict);
                    WriteEntry(zip, DiscriminatorOptimizerEntry, discriminatorOptimizer.save_state_dict);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Deletes the temporary files of earlier writes of this checkpoint that never finished (a process killed while
    /// writing): <c>.&lt;name&gt;.&lt;32 hex digits&gt;.tmp</c> beside it. One run writes a checkpoint at a time.
    /// </summary>
    internal static void RemoveStaleTemporaries(string checkpoint)
    {
        string folder = Path.GetDirectoryName(checkpoint)!, prefix = $".{Path.GetFileName(checkpoint)}.";
        foreach (string file in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            string guid = Path.GetFileName(file)[prefix.Length..^4];
            if (guid.Length == 32 && guid.All(Uri.IsHexDigit))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Writes a completion-only copy of <paramref name="checkpoint"/> to <paramref name="destination"/> (atomically):
    /// its metadata and completion network, without the discriminators and optimizer state (a tenth of the size).
    /// Enough to continue with <see cref="GlcicTrainingSession.WarmStart"/> or <see cref="GlcicTrainingSession.FineTune"/>
    /// and to export; not to resume exactly.
    /// </summary>
    public static void WriteCompletionOnly(string checkpoint, string destination)
    {
        using ZipArchive source = Open(checkpoint);
        _ = ReadInfo(source, checkpoint);
        ZipArchiveEntry completion = source.GetEntry(CompletionEntry) ?? throw new InvalidDataException($"Checkpoint '{checkpoint}' has no {CompletionEntry}.");
        GlcicML.Imaging.AtomicFile.Write(destination, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (ZipArchiveEntry entry in new[] { source.GetEntry(InfoEntry)!, completion })
            {
                using Stream from = entry.Open(), to = zip.CreateEntry(entry.Name, CompressionLevel.Fastest).Open();
                from.CopyTo(to);
            }
        });
    }

    /// <summary>Loads the completion network's weights (and batch-norm statistics) into <paramref name="completion"/>.</summary>
    internal static void LoadCompletion(string path, nn.Module completion)
    {
        using ZipArchive zip = Open(path);
        ReadEntry(zip, path, CompletionEntry, r => LoadModule(completion, r, path, CompletionEntry));
    }

    /// <summary>Loads everything into freshly built networks and optimizers.</summary>
    internal static CheckpointInfo LoadAll(string path, nn.Module completion, nn.Module discriminator, OptimizerHelper completionOptimizer, OptimizerHelper discriminatorOptimizer)
    {
        using ZipArchive zip = Open(path);
        CheckpointInfo info = ReadInfo(zip, path);
        if (zip.GetEntry(DiscriminatorEntry) is null && zip.GetEntry(CompletionEntry) is not null)
        {
            throw new InvalidDataException($"'{path}' holds only the completion network (a completion-only checkpoint), so it cannot resume exactly: continue from it with --warm-start or --fine-tune (WarmStart, FineTune).");
        }

        ReadEntry(zip, path, CompletionEntry, r => LoadModule(completion, r, path, CompletionEntry));
        ReadEntry(zip, path, DiscriminatorEntry, r => LoadModule(discriminator, r, path, DiscriminatorEntry));
        ReadEntry(zip, path, CompletionOptimizerEntry, completionOptimizer.load_state_dict);
        ReadEntry(zip, path, DiscriminatorOptimizerEntry, discriminatorOptimizer.load_state_dict);
        return info;
    }

    private static ZipArchive Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }

        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a GlcicML training checkpoint (not a zip file).", e);
        }
    }

    private static CheckpointInfo ReadInfo(ZipArchive zip, string path)
    {
        ZipArchiveEntry entry = zip.GetEntry(InfoEntry) ?? throw new InvalidDataException($"'{path}' is not a GlcicML training checkpoint (no {InfoEntry}).");
        using Stream stream = entry.Open();
        CheckpointInfo info = JsonSerializer.Deserialize<CheckpointInfo>(stream, s_json) ?? throw new InvalidDataException($"'{path}' has an empty {InfoEntry}.");
        if (info.FormatVersion > FormatVersion)
        {
            throw new InvalidDataException($"'{path}' was written by a newer GlcicML (checkpoint format {info.FormatVersion}; this version reads up to {FormatVersion}).");
        }

        return info;
    }

    private static void WriteEntry(ZipArchive zip, string name, Action<BinaryWriter> write)
    {
        using Stream stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var writer = new BinaryWriter(stream);
        write(writer);
    }

    /// <summary>
    /// Loads a network's weights and buffers, requiring every one of them. Checkpoints written before the networks
    /// named their fields for TorchSharp hold each weight twice (the copy under the field's name, as "_conv", is
    /// identical), so extra entries are allowed; a missing one is an error.
    /// </summary>
    private static void LoadModule(nn.Module module, BinaryReader reader, string path, string entry)
    {
        var loaded = new Dictionary<string, bool>();
        module.load(reader, strict: false, loadedParameters: loaded);
        string[] missing = [.. module.state_dict().Keys.Where(name => !loaded.GetValueOrDefault(name))];
        if (missing.Length > 0)
        {
            throw new InvalidDataException(
                $"Checkpoint '{path}' does not fit this network: its {entry} lacks {string.Join(", ", missing.Take(3))}{(missing.Length > 3 ? $" and {missing.Length - 3} more" : string.Empty)}. Was it written for another width or discriminator setting?");
        }
    }

    private static void ReadEntry(ZipArchive zip, string path, string name, Action<BinaryReader> read)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException($"Checkpoint '{path}' has no {name}.");
        // Buffered: TorchSharp's readers seek, which zip streams cannot.
        using var buffer = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        read(reader);
    }
}
