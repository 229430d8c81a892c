namespace GlcicML.Batch;

/// <summary>What a resumed run needs to know about outputs already on disk, and the leftovers of killed runs.</summary>
public static class OutputFiles
{
    // A PNG ends with the 12-byte IEND chunk: length 0, "IEND", CRC AE 42 60 82.
    private static readonly byte[] s_pngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>
    /// Whether <paramref name="path"/> is a complete PNG: it starts with the PNG signature and ends with the IEND
    /// chunk. Outputs are written atomically, so this holds for every output a run finished; the check still catches
    /// files cut short by other means (a full disk, a copy interrupted) without decoding them.
    /// </summary>
    public static bool IsCompletePng(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length < 8 + s_pngEnd.Length)
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            Span<byte> head = stackalloc byte[8];
            Span<byte> tail = stackalloc byte[12];
            stream.ReadExactly(head);
            stream.Seek(-tail.Length, SeekOrigin.End);
            stream.ReadExactly(tail);
            return head.SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && tail.SequenceEqual(s_pngEnd);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes temporary files that atomic writes of <paramref name="outputs"/> left behind when a run was killed
    /// (<c>.name.&lt;32 hex&gt;.tmp</c> beside each output). Only these outputs' leftovers are touched, so shards writing
    /// into the same folder at the same time are safe. Returns how many were removed.
    /// </summary>
    public static int RemoveLeftovers(IEnumerable<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        int removed = 0;
        foreach (IGrouping<string, string> folder in outputs.GroupBy(o => Path.GetDirectoryName(o)!))
        {
            if (!Directory.Exists(folder.Key))
            {
                continue;
            }

            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (string file in Directory.EnumerateFiles(folder.Key, ".*.tmp"))
            {
                string name = Path.GetFileName(file);
                // ".<output name>.<32 hex>.tmp"
                if (name.Length > 38 && names.Contains(name[1..^37]) && name[^37] == '.' && name[^36..^4].All(char.IsAsciiHexDigitLower))
                {
                    try
                    {
                        File.Delete(file);
                        removed++;
                    }
                    catch (IOException)
                    {
                        // Another process may be finishing it; a later run will try again.
                    }
                }
            }
        }

        return removed;
    }
}
