using System.Diagnostics;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

/// <summary>
/// The glcic tool inpaints without libtorch; glcic-train (GlcicML.Cli.Training) adds training and the judge. These
/// check the split is real, and that a user of the small tool is pointed to the other one.
/// </summary>
public class ToolSplitTests
{
    [Fact]
    public void InferenceTool_NeitherReferencesNorListsTorchSharpOrTheTrainingLibrary()
    {
        string[] referenced = [.. typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("GlcicML", referenced);
        Assert.DoesNotContain(referenced, name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name == "GlcicML.Training");

        // What the tool's package resolves at run time: its deps.json (copied beside the test as for any referenced exe).
        string deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "glcic.deps.json"));
        Assert.Contains("Microsoft.ML.OnnxRuntime", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("GlcicML.Training", deps, StringComparison.Ordinal);
    }

    [Fact]
    public void InferenceTool_TrainingCommand_ExitsTwoNamingTheTrainingTool_AndWritesNothing()
    {
        using var temp = new TempFolder();
        foreach (string name in Program.TrainingToolCommands)
        {
            (int exit, _, string stderr) = Glcic.RunInferenceTool(name, "--synthetic", "-o", temp.Combine(name));

            Assert.Equal(2, exit);
            Assert.Contains($"glcic-train {name}", stderr, StringComparison.Ordinal);
            Assert.Contains("GlcicML.Cli.Training", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(temp.Combine(name)));
        }
    }

    [Fact]
    public void TrainingTool_HasEveryCommandOfTheInferenceTool_AndTheTrainingOnes()
    {
        string[] inference = [.. Program.BuildRootCommand().Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];
        string[] training = [.. TrainingProgram.BuildRootCommand().Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];

        Assert.Equal(7, inference.Length);
        Assert.Empty(inference.Except(training));
        Assert.Equal(Program.TrainingToolCommands.Order(), training.Except(inference).Order());
    }

    [Fact]
    public void InferenceToolProcess_EvalJudge_SaysTheJudgeIsInTheTrainingTool()
    {
        // A child process, because this test process has GlcicML.Training loaded through glcic-train's reference.
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("photos"));
        File.Copy(Samples.PathOf("coffee.png"), temp.Combine("photos", "coffee.png"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[Path.Combine(AppContext.BaseDirectory, "glcic.dll"), "eval", "--model", Samples.TinyModel, "-d", temp.Combine("photos"), "--judge"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--judge", stderr, StringComparison.Ordinal);
        Assert.Contains("glcic-train", stderr, StringComparison.Ordinal);
    }
}
