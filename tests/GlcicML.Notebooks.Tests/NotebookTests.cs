using System.Text.Json;

namespace GlcicML.Notebooks.Tests;

/// <summary>
/// Runs every notebook headless (dotnet-repl, against the locally packed GlcicML packages) and every file-based twin
/// (dotnet run), in quick mode; any cell error or non-zero exit fails. Linux only in CI: the training notebook
/// references Linux's libtorch package (see notebooks/README.md).
/// </summary>
[Trait("Category", "Notebooks")]
public class NotebookTests(LocalPackages packages) : IClassFixture<LocalPackages>
{
    private static readonly Dictionary<string, string> QuickMode = new()
    {
        ["GLCIC_NOTEBOOK_QUICK"] = "1",
        ["DOTNET_ROLL_FORWARD"] = "Major", // dotnet-repl targets .NET 9; the machine may have only .NET 10
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    [Theory]
    [InlineData("01-quickstart", "<figure", 6 * 4)]
    [InlineData("02-train", "<svg", 1)]
    [InlineData("03-batch-scoring", "<figure", 6 * 3)]
    public void Notebook_RunsWithoutACellError_AndShowsItsResults(string name, string marker, int atLeast)
    {
        string output = Path.Combine(Path.GetTempPath(), $"glcic-{name}-{Guid.NewGuid():N}.ipynb");
        string torchSharpBefore = TorchSharpPackageFingerprint();

        (int exit, string log) = Repository.Run(Repository.Notebooks, TimeSpan.FromMinutes(15), QuickMode,
            "dotnet", "tool", "run", "dotnet-repl", "--", "--run", $"{name}.ipynb", "--exit-after-run", "--output-path", output);

        Assert.True(File.Exists(output), $"dotnet-repl wrote no output notebook (exit {exit}):\n{log}");
        using JsonDocument notebook = JsonDocument.Parse(File.ReadAllText(output));
        JsonElement[] outputs = [.. notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.TryGetProperty("outputs", out _)).SelectMany(c => c.GetProperty("outputs").EnumerateArray())];
        string[] errors = [.. outputs.Where(o => o.GetProperty("output_type").GetString() == "error").Select(o => o.GetProperty("evalue").GetString()!)];
        Assert.True(errors.Length == 0, $"{name}: cell errors:\n{string.Join("\n", errors)}");
        Assert.True(exit == 0, $"{name}: dotnet-repl exited with {exit}:\n{log}");
        string all = string.Concat(outputs.Select(o => o.GetRawText()));
        Assert.Contains($"GlcicML, {packages.Version}", all, StringComparison.Ordinal);
        int shown = (all.Length - all.Replace(marker, string.Empty, StringComparison.Ordinal).Length) / marker.Length;
        Assert.True(shown >= atLeast, $"{name}: expected at least {atLeast} '{marker}' in the outputs, found {shown}");
        Assert.True(torchSharpBefore == TorchSharpPackageFingerprint(), $"{name}: the notebook changed TorchSharp's package in the NuGet cache (files added or rewritten):\n{log}");
        File.Delete(output);
    }

    /// <summary>Every file of TorchSharp's package in the NuGet cache, with the SHA-256 of each native library.</summary>
    private static string TorchSharpPackageFingerprint()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string package = Path.Combine(cache, "torchsharp");
        return !Directory.Exists(package) ? string.Empty : string.Join('\n', Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(file => file.EndsWith(".so", StringComparison.Ordinal) ? $"{file} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))}" : file));
    }

    [Theory]
    [InlineData("01-quickstart", new[] { "astronaut.png", "rocket.png" })]
    [InlineData("02-train", new[] { "model.onnx", "losses.png", "example.png", "training-log.csv" })]
    [InlineData("03-batch-scoring", new[] { "metrics.json", "completed/coffee.png", "examples/horse.png" })]
    public void FileBasedTwin_RunsToTheEnd_AndWritesItsResults(string name, string[] files)
    {
        string results = Path.Combine(Repository.Notebooks, "out", name);
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        (int exit, string log) = Repository.Run(Repository.Notebooks, TimeSpan.FromMinutes(15), QuickMode, "dotnet", "run", $"{name}.cs");

        Assert.True(exit == 0, $"dotnet run {name}.cs exited with {exit}:\n{log}");
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(results, f)), $"{name}.cs did not write {f}:\n{log}"));
    }

    [Fact]
    public void TrainingTwin_EditedAndRunAgain_StillLoadsTorchSharp()
    {
        // A user edits a file-based app and runs it again: the SDK rebuilds it into the same folder, and TorchSharp's
        // native library must load on that run too, not only on the first.
        string name = $"twin-edit-{Guid.NewGuid():N}";
        string twin = Path.Combine(Repository.Notebooks, $"{name}.cs");
        File.Copy(Path.Combine(Repository.Notebooks, "02-train.cs"), twin);
        try
        {
            (int first, string firstLog) = Repository.Run(Repository.Notebooks, TimeSpan.FromMinutes(15), QuickMode, "dotnet", "run", $"{name}.cs");
            Assert.True(first == 0, $"first run exited with {first}:\n{firstLog}");

            string source = File.ReadAllText(twin);
            int firstStatement = source.IndexOf("bool quick =", StringComparison.Ordinal);
            Assert.True(firstStatement > 0, "02-train.cs changed: the test edits it before its first statement");
            File.WriteAllText(twin, source.Insert(firstStatement, "Console.WriteLine(\"edited twin ran\"); // edited by the test: the app is rebuilt\n"));
            (int second, string secondLog) = Repository.Run(Repository.Notebooks, TimeSpan.FromMinutes(15), QuickMode, "dotnet", "run", $"{name}.cs");

            Assert.True(second == 0, $"run after the edit exited with {second}:\n{secondLog}");
            Assert.Contains("edited twin ran", secondLog, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(twin);
        }
    }
}
