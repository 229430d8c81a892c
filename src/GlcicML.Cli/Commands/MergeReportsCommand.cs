namespace GlcicML.Cli.Commands;

/// <summary><c>glcic merge-reports</c>: joins the shard reports of a sharded <c>glcic inpaint</c> into one report.json.</summary>
internal static class MergeReportsCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The shared output folder holding report.shard-i-of-N.json files." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the merged report (default: report.json in the folder)." };
        var command = new Command("merge-reports", "Merge the shard reports of a sharded glcic inpaint run into one report, and check that no shard is missing.") { folder, output };
        command.SetAction(result => Run(result.GetRequiredValue(folder), result.GetValue(output), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string folder, string? output, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Folder '{folder}' does not exist.");
        }

        string[] files = Directory.GetFiles(folder, "report.shard-*-of-*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No shard reports (report.shard-i-of-N.json) in '{folder}'. Run glcic inpaint with --shard i/N and this folder as --output first.");
        }

        BatchReport merged = BatchReport.Merge([.. files.Select(BatchReport.Load)]);
        string path = output ?? Path.Combine(folder, "report.json");
        merged.Save(path);
        stdout.WriteLine($"{files.Length} shard reports: {merged.Inputs} inputs, {merged.Written} written, {merged.AlreadyComplete} already complete, {merged.Failures.Count} skipped -> {path}");

        Shard[] shards = [.. merged.Shards.Select(Shard.Parse)];
        int[] counts = [.. shards.Select(s => s.Count).Distinct()];
        string[] missing = counts.Length == 1
            ? [.. Enumerable.Range(0, counts[0]).Select(i => new Shard(i, counts[0]).ToString()).Except(merged.Shards)]
            : [];
        if (counts.Length > 1)
        {
            stderr.WriteLine($"the reports come from runs split in different ways ({string.Join(", ", counts.Select(c => $"N = {c}"))}); merge reports of one run only");
            return 1;
        }

        if (missing.Length > 0)
        {
            stderr.WriteLine($"missing shards: {string.Join(", ", missing)}; those inputs are not covered yet");
            return 1;
        }

        return merged.Succeeded ? 0 : 1;
    }
}
