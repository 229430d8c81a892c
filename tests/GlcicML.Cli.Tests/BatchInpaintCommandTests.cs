using System.Diagnostics;
using System.Text.Json;
using GlcicML.Batch;
using GlcicML.Imaging;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

public class BatchInpaintCommandTests
{
    [Fact]
    public void KilledWithSigkill_AtThreeMoments_ThenRestarted_EndsWithExactlyTheUninterruptedOutputs()
    {
        using var temp = new TempFolder();
        Inputs(temp, count: 80);
        string[] common = ["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "--random-masks", "FreeForm", "--seed", "3", "--postprocess", "--batch-size", "2", "-q"];
        Assert.Equal(0, Glcic.Run([.. common, "-o", temp.Combine("reference")]).Exit);
        Dictionary<string, byte[]> reference = Pngs(temp.Combine("reference"));

        int killedMidRun = 0;
        foreach (int threshold in new[] { 5, 30, 55 })
        {
            using Process child = StartChild([.. common, "-o", temp.Combine("killed")]);
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && CountPngs(temp.Combine("killed")) < threshold && clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                Thread.Sleep(5);
            }

            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL: no handler runs, no cleanup
                killedMidRun++;
            }

            child.WaitForExit();
            Assert.All(Directory.GetFiles(temp.Combine("killed"), "*.png", SearchOption.AllDirectories), f => Assert.True(OutputFiles.IsCompletePng(f), $"partial output {f}"));
        }

        Assert.True(killedMidRun >= 2, $"only {killedMidRun} of the runs were still going when killed; the test needs slower runs");
        (int exit, string stdout, _) = Glcic.Run([.. common, "-o", temp.Combine("killed")]);

        Assert.Equal(0, exit);
        Assert.Contains("already complete", stdout, StringComparison.Ordinal);
        Dictionary<string, byte[]> restarted = Pngs(temp.Combine("killed"));
        Assert.Equal(reference.Keys.Order(), restarted.Keys.Order());
        Assert.All(reference, r => Assert.True(r.Value.AsSpan().SequenceEqual(restarted[r.Key]), r.Key));
        Assert.Empty(Directory.GetFiles(temp.Combine("killed"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void BadFiles_AreSkippedAndReported_ExitCodeSaysSo_UnlessFailuresAreAllowed()
    {
        using var temp = new TempFolder();
        Inputs(temp, count: 3);
        temp.WriteBytes("in/broken.png", "not an image"u8.ToArray());
        string[] args = ["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--log-format", "jsonl"];

        (int exit, string stdout, _) = Glcic.Run(args);
        (int allowed, _, _) = Glcic.Run([.. args, "--allow-failures", "--redo"]);

        Assert.Equal(1, exit);
        Assert.Equal(0, allowed);
        string[] lines = stdout.Trim().Split('\n');
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("\"input\":\"broken.png\",\"status\":\"Failed\"", StringComparison.Ordinal) && l.Contains("NotAnImage", StringComparison.Ordinal));
        Assert.Contains("\"summary\":", lines[^1], StringComparison.Ordinal);
        BatchReport report = BatchReport.Load(temp.Combine("out", "report.json"));
        Assert.Equal(("broken.png", "image", "NotAnImage"), (report.Failures[0].Input, report.Failures[0].Stage, report.Failures[0].Reason));
        Assert.Equal(3, report.Written);
    }

    [Fact]
    public void Shards_WriteTheirOwnReports_WhichMergeIntoOne_AndAMissingShardIsNamed()
    {
        using var temp = new TempFolder();
        Inputs(temp, count: 10);
        string[] args = ["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out"), "-q"];
        Assert.Equal(0, Glcic.Run([.. args, "--shard", "0/3"]).Exit);
        Assert.Equal(0, Glcic.Run([.. args, "--shard", "2/3"]).Exit);

        (int incomplete, _, string missing) = Glcic.Run(["merge-reports", temp.Combine("out")]);
        Assert.Equal(0, Glcic.Run([.. args, "--shard", "1/3"]).Exit);
        (int complete, string stdout, _) = Glcic.Run(["merge-reports", temp.Combine("out")]);

        Assert.Equal(1, incomplete);
        Assert.Contains("missing shards: 1/3", missing, StringComparison.Ordinal);
        Assert.Equal(0, complete);
        Assert.Contains("10 inputs, 10 written", stdout, StringComparison.Ordinal);
        Assert.Equal(10, Pngs(temp.Combine("out")).Count);
        (int badShard, _, string badShardError) = Glcic.Run([.. args, "--shard", "3/3"]);
        Assert.Equal(2, badShard);
        Assert.Contains("i/N with 0 <= i < N", badShardError, StringComparison.Ordinal);
    }

    [Fact]
    public void SavedMasks_GivenBackWithMasks_ReproduceTheRun_AndEvalScoresThemAlike()
    {
        using var temp = new TempFolder();
        Samples.Gradient(140, 132).Save(temp.Combine("in", "a.png"));
        Samples.Gradient(150, 136, 1).Save(temp.Combine("in", "sub", "b.jpg"));

        (int first, _, string firstError) = Glcic.Run("inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out1"), "--seed", "5", "--save-masks", temp.Combine("masks"), "-q");
        (int second, _, string secondError) = Glcic.Run("inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out2"), "-m", temp.Combine("masks"), "-q");
        (_, string generated, _) = Glcic.Run("eval", "--model", Samples.TinyModel, "-d", temp.Combine("in"), "--seed", "5");
        (_, string saved, _) = Glcic.Run("eval", "--model", Samples.TinyModel, "-d", temp.Combine("in"), "-m", temp.Combine("masks"));

        Assert.True(first == 0, firstError);
        Assert.True(second == 0, secondError);
        Assert.True(File.Exists(temp.Combine("masks", "sub", "b.png")), "a mask is saved as PNG at the input's relative path");
        foreach (string output in new[] { "a.png", Path.Combine("sub", "b.png") })
        {
            Assert.Equal(RgbImage.Load(temp.Combine("out1", output)).Pixels.ToArray(), RgbImage.Load(temp.Combine("out2", output)).Pixels.ToArray());
        }

        static string Table(string stdout) => string.Join('\n', stdout.Split('\n').Where(l => l.StartsWith('|')));
        Assert.NotEmpty(Table(generated));
        Assert.Equal(Table(generated), Table(saved));
    }

    [Fact]
    public void OutputIntoTheInputFolder_IsAUsageError_AndNoInputChanges()
    {
        using var temp = new TempFolder();
        Inputs(temp, count: 3);
        Dictionary<string, byte[]> before = Pngs(temp.Combine("in"));

        (int folder, _, string folderError) = Glcic.Run(["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("in"), "--random-masks", "Rectangles", "--redo", "-q"]);
        (int file, _, _) = Glcic.Run(["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in", "d0", "img000.png"), "-o", temp.Combine("in", "d0"), "--random-masks", "Rectangles", "--redo", "-q"]);

        Assert.Equal(2, folder);
        Assert.Equal(2, file);
        Assert.Contains("outside the input folder", folderError, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), Pngs(temp.Combine("in")).Keys.Order());
        Assert.All(before, pair => Assert.Equal(pair.Value, Pngs(temp.Combine("in"))[pair.Key]));
    }

    internal static void Inputs(TempFolder temp, int count)
    {
        RgbImage photo = RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(96, 96);
        for (int i = 0; i < count; i++)
        {
            int shift = i;
            RgbImage.FromPixels(96, 96, [.. photo.Pixels.ToArray().Select(v => (byte)(v ^ shift))]).Save(temp.Combine("in", $"d{i % 4}", $"img{i:D3}.png"));
        }
    }

    internal static Process StartChild(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Glcic.ToolFor(args)));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static int CountPngs(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Length : 0;

    private static Dictionary<string, byte[]> Pngs(string folder) =>
        Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);
}
