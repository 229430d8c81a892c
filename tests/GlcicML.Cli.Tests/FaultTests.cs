using System.Diagnostics;
using GlcicML.Batch;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;
using GlcicML.Training.Training;

namespace GlcicML.Cli.Tests;

/// <summary>The fault scenarios of the reliability sweep, on real child processes: SIGINT mid-batch and mid-training, SIGKILL mid-checkpoint.</summary>
public class FaultTests
{
    private const int SigInt = 2;

    [Fact]
    public void Inpaint_InterruptedWithSigint_Exits130_KeepsOnlyCompleteOutputs_AndARerunFinishes()
    {
        using var temp = new TempFolder();
        BatchInpaintCommandTests.Inputs(temp, count: 60);
        string[] args = ["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--postprocess", "--batch-size", "2", "-q"];

        using Process child = BatchInpaintCommandTests.StartChild(args);
        WaitFor(() => CountPngs(temp.Combine("out")) >= 5 || child.HasExited);
        Assert.False(child.HasExited, "the run finished before it could be interrupted; the test needs more inputs");
        Assert.Equal(0, Kill(child.Id, SigInt));
        Assert.True(child.WaitForExit(60_000), "no clean exit within a minute of SIGINT");

        Assert.Equal(130, child.ExitCode);
        Assert.All(Directory.GetFiles(temp.Combine("out"), "*.png", SearchOption.AllDirectories), f => Assert.True(OutputFiles.IsCompletePng(f), $"partial output {f}"));
        Assert.Empty(Directory.GetFiles(temp.Combine("out"), "*.tmp", SearchOption.AllDirectories));
        (int exit, string stdout, _) = Glcic.Run(args);
        Assert.Equal(0, exit);
        Assert.Contains("already complete", stdout, StringComparison.Ordinal);
        Assert.Equal(60, CountPngs(temp.Combine("out")));
    }

    [Fact]
    public void Train_InterruptedWithSigint_WritesACheckpoint_Exits130_AndResumes()
    {
        using var temp = new TempFolder();
        string run = temp.Combine("run"), checkpoint = Path.Combine(run, "checkpoint.ckpt");
        string[] args = ["train", "--synthetic", "-o", run, "--iterations", "100000", "--tc", "100000", "--td", "0", "--checkpoint-every", "0", .. Tiny];

        using Process child = BatchInpaintCommandTests.StartChild(args);
        WaitFor(() => LoggedIterations(run) >= 3 || child.HasExited);
        Assert.False(child.HasExited, "training stopped on its own");
        Assert.Equal(0, Kill(child.Id, SigInt));
        Assert.True(child.WaitForExit(60_000), "no clean exit within a minute of SIGINT");

        Assert.Equal(130, child.ExitCode);
        long iteration = TrainingCheckpoint.ReadInfo(checkpoint).Iteration;
        Assert.True(iteration >= 3, $"checkpoint at {iteration}");
        (int exit, string stdout, string stderr) = Glcic.Run(["train", "--synthetic", "-o", run, "--resume", "--iterations", (iteration + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"resumed {checkpoint} at iteration {iteration}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_KilledWithSigkillWhileCheckpointing_LeavesTheLastGoodCheckpoint_AndTheResumeCleansUp()
    {
        using var temp = new TempFolder();
        string run = temp.Combine("run"), checkpoint = Path.Combine(run, "checkpoint.ckpt");
        string[] args = ["train", "--synthetic", "-o", run, "--iterations", "100000", "--tc", "100000", "--td", "0", "--checkpoint-every", "1", .. Tiny];

        bool caughtMidWrite = false;
        for (int attempt = 0; attempt < 3 && !caughtMidWrite; attempt++)
        {
            using Process child = BatchInpaintCommandTests.StartChild(attempt == 0 ? args : [.. args, "--resume"]);
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (File.Exists(checkpoint) && Directory.EnumerateFiles(run, ".checkpoint.ckpt.*.tmp").Any())
                {
                    child.Kill(); // SIGKILL while a checkpoint is being written
                    caughtMidWrite = true;
                    break;
                }

                Thread.SpinWait(1000);
            }

            if (!child.HasExited)
            {
                child.Kill();
            }

            child.WaitForExit();
        }

        Assert.True(caughtMidWrite, "never caught a checkpoint mid-write in three runs");
        CheckpointInfo info = TrainingCheckpoint.ReadInfo(checkpoint); // the last complete one, intact
        (int exit, string stdout, string stderr) = Glcic.Run(["train", "--synthetic", "-o", run, "--resume", "--iterations", (info.Iteration + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"at iteration {info.Iteration}", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(run, "*.tmp"));
    }

    [Fact]
    public void Inpaint_OntoAFullDisk_ReportsEachImageThatDidNotFit_AndLeavesNoPartialFile()
    {
        using var temp = new TempFolder();
        BatchInpaintCommandTests.Inputs(temp, count: 12);
        string disk = Directory.CreateDirectory(temp.Combine("disk")).FullName;
        // A 150 KB file system: a few outputs fit, the rest do not (Linux, as root, which these machines are).
        (int mounted, string mountLog) = Command("mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", disk);
        Assert.True(mounted == 0, $"could not mount a small tmpfs (needs root on Linux): {mountLog}");
        try
        {
            (int exit, string stdout, string stderr) = Glcic.Run("inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", disk, "-q");

            Assert.Equal(1, exit);
            Assert.Contains("No space left on device", stderr, StringComparison.Ordinal);
            Assert.Matches(@"12 inputs: [1-9]\d* written, 0 already complete, [1-9]\d* skipped", stdout);
            Assert.All(Directory.GetFiles(disk, "*.png"), f => Assert.True(OutputFiles.IsCompletePng(f), $"partial output {f}"));
            Assert.Empty(Directory.GetFiles(disk, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Command("umount", disk);
        }
    }

    [Fact]
    public void Inpaint_InputsDeletedDuringTheRun_AreReportedByName_TheOthersDone()
    {
        using var temp = new TempFolder();
        BatchInpaintCommandTests.Inputs(temp, count: 200);
        // The first folder's last files: listed when the run starts, read only after the ones before them.
        string[] late = [.. Directory.GetFiles(temp.Combine("in", "d0"), "*.png").Order(StringComparer.Ordinal).TakeLast(10)];

        using Process child = BatchInpaintCommandTests.StartChild(["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--postprocess", "--batch-size", "2", "-q"]);
        WaitFor(() => CountPngs(temp.Combine("out")) >= 1 || child.HasExited);
        Assert.False(child.HasExited, "the run finished before inputs could be removed");
        Array.ForEach(late, File.Delete);
        child.WaitForExit();

        Assert.Equal(1, child.ExitCode);
        BatchReport report = BatchReport.Load(temp.Combine("out", "report.json"));
        Assert.Equal(200, report.Written + report.Failures.Count);
        Assert.All(report.Failures, f => Assert.Contains(Path.GetFileName(f.Input), late.Select(Path.GetFileName)));
        Assert.NotEmpty(report.Failures);
        Assert.Empty(Directory.GetFiles(temp.Combine("out"), "*.tmp", SearchOption.AllDirectories));
    }

    private static (int Exit, string Output) Command(string name, params string[] args)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static readonly string[] Tiny = ["--size", "32", "--hole-min", "8", "--hole-max", "16", "--batch-size", "4", "--width", "0.125", "--threads", "1"];

    /// <summary>Sends a signal with the system's kill command (.NET's Process.Kill only sends SIGKILL).</summary>
    private static int Kill(int pid, int signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Thread.Sleep(5);
        }
    }

    private static int CountPngs(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Length : 0;

    private static int LoggedIterations(string run)
    {
        string log = Path.Combine(run, "training-log.csv");
        try
        {
            return File.Exists(log) ? File.ReadAllLines(log).Length - 1 : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
