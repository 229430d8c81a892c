using System.Globalization;
using System.Text.Json;

namespace GlcicML.Training.Training;

/// <summary>
/// Appends one line per iteration to a CSV (<c>.csv</c>) or JSON-lines (<c>.jsonl</c>) file, flushed each line so a
/// killed run keeps its log. A resumed run appends to the same file, after dropping the lines a killed run wrote past
/// its last checkpoint (those iterations are trained again, so each iteration appears once).
/// </summary>
public sealed class TrainingLog : IDisposable
{
    private const string CsvHeader = "iteration,phase,completion_mse,adversarial_loss,discriminator_loss,discriminator_accuracy,images_per_second,data_wait_share,elapsed_seconds,skipped_images";
    private readonly StreamWriter _writer;
    private readonly bool _json;

    /// <summary>Opens (or creates) the log; the extension picks the format.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="continueAfter">The iteration training continues from: existing lines for later iterations are dropped.</param>
    /// <exception cref="ArgumentException">The extension is neither .csv nor .jsonl.</exception>
    public TrainingLog(string path, long continueAfter = long.MaxValue)
    {
        string extension = Path.GetExtension(path).ToUpperInvariant();
        _json = extension switch
        {
            ".CSV" => false,
            ".JSONL" or ".JSON" => true,
            _ => throw new ArgumentException($"Training log '{path}' must end in .csv or .jsonl.", nameof(path)),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        if (!fresh)
        {
            DropLinesAfter(path, continueAfter);
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        if (fresh && !_json)
        {
            _writer.WriteLine(CsvHeader);
        }
    }

    /// <summary>Appends one iteration.</summary>
    public void Write(TrainingProgress p)
    {
        if (_json)
        {
            _writer.WriteLine(JsonSerializer.Serialize(new
            {
                iteration = p.Iteration,
                phase = p.Phase.ToString(),
                completion_mse = p.CompletionMse,
                adversarial_loss = p.AdversarialLoss,
                discriminator_loss = p.DiscriminatorLoss,
                discriminator_accuracy = p.DiscriminatorAccuracy,
                images_per_second = p.ImagesPerSecond,
                data_wait_share = p.DataWaitShare,
                elapsed_seconds = p.TrainingTime.TotalSeconds,
                skipped_images = p.SkippedImages,
            }));
            return;
        }

        _writer.WriteLine(string.Join(',', new object?[]
        {
            p.Iteration, p.Phase, p.CompletionMse, p.AdversarialLoss, p.DiscriminatorLoss, p.DiscriminatorAccuracy,
            p.ImagesPerSecond, p.DataWaitShare, p.TrainingTime.TotalSeconds, p.SkippedImages,
        }.Select(v => v switch { null => string.Empty, double d => d.ToString("G6", CultureInfo.InvariantCulture), _ => Convert.ToString(v, CultureInfo.InvariantCulture) })));
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    /// <summary>Rewrites the log (atomically) without the lines of iterations after <paramref name="iteration"/>; lines it cannot read are kept.</summary>
    private static void DropLinesAfter(string path, long iteration)
    {
        string[] lines = File.ReadAllLines(path);
        string[] kept = [.. lines.Where(line => IterationOf(line) is not { } i || i <= iteration)];
        if (kept.Length < lines.Length)
        {
            GlcicML.Imaging.AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                foreach (string line in kept)
                {
                    writer.WriteLine(line);
                }
            });
        }
    }

    private static long? IterationOf(string line)
    {
        if (line.StartsWith('{'))
        {
            try
            {
                using JsonDocument json = JsonDocument.Parse(line);
                return json.RootElement.TryGetProperty("iteration", out JsonElement value) && value.TryGetInt64(out long i) ? i : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
    }
}
