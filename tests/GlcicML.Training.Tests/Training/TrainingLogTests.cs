using GlcicML.Tests.TestSupport;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

public class TrainingLogTests
{
    [Theory]
    [InlineData("training-log.csv")]
    [InlineData("training-log.jsonl")]
    public void Reopening_AfterAKill_DropsTheIterationsPastTheCheckpoint(string name)
    {
        using var temp = new TempFolder();
        string path = temp.Combine(name);
        Write(path, from: 1, to: 10, continueAfter: 0);            // a run killed at iteration 10, last checkpoint at 6

        Write(path, from: 7, to: 12, continueAfter: 6);            // the resumed run trains 7-12 again

        long[] iterations = [.. TrainingCurves.Load(path).Points.Select(p => p.Iteration)];
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), iterations);
        Assert.Equal(name.EndsWith(".csv", StringComparison.Ordinal) ? 13 : 12, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Reopening_KeepsEverythingUpToTheIteration_AndLinesItCannotRead()
    {
        using var temp = new TempFolder();
        string path = temp.Combine("training-log.csv");
        Write(path, from: 1, to: 5, continueAfter: 0);
        File.AppendAllText(path, "a note someone added\n");
        string before = File.ReadAllText(path);

        using (new TrainingLog(path, continueAfter: 5))
        {
        }

        Assert.Equal(before, File.ReadAllText(path));
    }

    private static void Write(string path, long from, long to, long continueAfter)
    {
        using var log = new TrainingLog(path, continueAfter);
        for (long i = from; i <= to; i++)
        {
            log.Write(new TrainingProgress(i, 100, TrainingPhase.Completion, 0.01 + (i / 1000.0), null, null, null, 10, 0, TimeSpan.FromSeconds(i), 0, TimeSpan.FromSeconds(i)));
        }
    }
}
