using System.Text.RegularExpressions;

namespace GlcicML.Notebooks.Tests;

/// <summary>
/// Every C# block of the README is a complete .NET 10 file-based app: each is saved at the repository root, as the
/// README says to, run with <c>dotnet run</c>, and must exit 0 having written what it says it wrote.
/// </summary>
[Trait("Category", "Notebooks")]
public partial class ReadmeTests
{
    public static TheoryData<int> Blocks() => [.. Enumerable.Range(0, CSharpBlocks().Count)];

    [Fact]
    public void Readme_HasItsCSharpExamples_EachAFileBasedApp()
    {
        IReadOnlyList<string> blocks = CSharpBlocks();

        Assert.True(blocks.Count >= 5, $"the README has {blocks.Count} C# blocks");
        Assert.All(blocks, b => Assert.Contains("#:property PublishAot=false", b, StringComparison.Ordinal));
        Assert.All(blocks, b => Assert.Matches(@"#:project src/GlcicML(\.Training)?/GlcicML(\.Training)?\.csproj", b));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ReadmeBlock_RunsAsWritten_AndWritesItsResults(int index)
    {
        string code = CSharpBlocks()[index];
        string app = Path.Combine(Repository.Root, $"readme-example-{index}-{Guid.NewGuid():N}.cs");
        File.WriteAllText(app, code);
        try
        {
            (int exit, string log) = Repository.Run(Repository.Root, TimeSpan.FromMinutes(10), new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, "dotnet", "run", Path.GetFileName(app));

            Assert.True(exit == 0, $"README C# block {index + 1} exited with {exit}:\n{code}\n---\n{log}");
            foreach (Match written in WrittenPath().Matches(log))
            {
                string path = Path.Combine(Repository.Root, written.Groups["path"].Value);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"block {index + 1} says it wrote {written.Groups["path"].Value}, which does not exist:\n{log}");
            }

            Assert.Matches(WrittenPath(), log);
        }
        finally
        {
            File.Delete(app);
        }
    }

    private static IReadOnlyList<string> CSharpBlocks() =>
        [.. CSharpBlock().Matches(File.ReadAllText(Path.Combine(Repository.Root, "README.md"))).Select(m => m.Groups["code"].Value)];

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"(?<path>glcic-readme/[\w./-]+[\w])")]
    private static partial Regex WrittenPath();
}
