using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlcicML.Batch;

/// <summary>
/// The account of a batch run, saved as <c>report.json</c>: how many inputs were written, already complete, or
/// skipped, and for each skipped input the stage, a reason code and a message. Shards' reports merge into one.
/// </summary>
public sealed record BatchReport
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable quotes and accents; it is not HTML
    };

    /// <summary>The input file or folder.</summary>
    public required string Input { get; init; }

    /// <summary>The output folder.</summary>
    public required string Output { get; init; }

    /// <summary>The shards this report covers: one <c>i/N</c>, or several after <see cref="Merge"/>.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>Inputs of this run's shard that it listed: all of them, unless the run was cancelled first.</summary>
    public int Inputs { get; init; }

    /// <summary>Outputs written by this run.</summary>
    public int Written { get; init; }

    /// <summary>Inputs whose complete output was already there.</summary>
    public int AlreadyComplete { get; init; }

    /// <summary>Skipped inputs, in input order.</summary>
    public IReadOnlyList<BatchFailure> Failures { get; init; } = [];

    /// <summary>Outputs written without something that was asked for, with the reason (input: message).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Listed inputs neither written, complete nor failed, because the run was cancelled.</summary>
    public int NotProcessed { get; init; }

    /// <summary>Whether the run was stopped before it finished.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Wall time of the run in seconds (the longest shard's, after a merge).</summary>
    public double Seconds { get; init; }

    /// <summary>Outputs written per second of wall time.</summary>
    public double ImagesPerSecond => Seconds > 0 ? Written / Seconds : 0;

    /// <summary>Whether every input ended with a complete output.</summary>
    [JsonIgnore]
    public bool Succeeded => Failures.Count == 0 && NotProcessed == 0 && !Cancelled;

    /// <summary>Writes the report as indented JSON, atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, s_json));

    /// <summary>Reads a report written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a GlcicML batch report.</exception>
    public static BatchReport Load(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<BatchReport>(stream, s_json) ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a GlcicML batch report: {e.Message}", e);
        }
    }

    /// <summary>One report for several shards' runs over the same data: counts added, failures and warnings joined.</summary>
    /// <remarks>Input and output are the first report's (machines may mount the data at different paths).</remarks>
    /// <exception cref="ArgumentException">No reports, or the same shard twice.</exception>
    public static BatchReport Merge(IReadOnlyList<BatchReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new ArgumentException("No reports to merge.", nameof(reports));
        }

        string[] shards = [.. reports.SelectMany(r => r.Shards)];
        string? repeated = shards.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new ArgumentException($"Shard {repeated} appears in more than one report; merge each shard's latest report once.", nameof(reports));
        }

        return new BatchReport
        {
            Input = reports[0].Input,
            Output = reports[0].Output,
            Shards = shards,
            Inputs = reports.Sum(r => r.Inputs),
            Written = reports.Sum(r => r.Written),
            AlreadyComplete = reports.Sum(r => r.AlreadyComplete),
            Failures = [.. reports.SelectMany(r => r.Failures).OrderBy(f => f.Input, StringComparer.Ordinal)],
            Warnings = [.. reports.SelectMany(r => r.Warnings).Order(StringComparer.Ordinal)],
            NotProcessed = reports.Sum(r => r.NotProcessed),
            Cancelled = reports.Any(r => r.Cancelled),
            Seconds = reports.Max(r => r.Seconds),
        };
    }

    /// <summary>The report file name for a shard: <c>report.json</c> for a whole run, <c>report.shard-i-of-N.json</c> otherwise.</summary>
    public static string FileName(Shard shard) => shard.Count == 1 ? "report.json" : $"report.shard-{shard.Index}-of-{shard.Count}.json";
}
