using GlcicML.Imaging;
using GlcicML.Tests.TestSupport;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

public class TrainingCurvesTests
{
    [Theory]
    [InlineData("training-log.csv")]
    [InlineData("training-log.jsonl")]
    public void ALog_ReadsBack_AndDrawsAsSvgAndPng(string name)
    {
        using var temp = new TempFolder();
        string path = temp.Combine(name);
        using (var log = new TrainingLog(path))
        {
            for (long i = 1; i <= 90; i++)
            {
                TrainingPhase phase = i <= 40 ? TrainingPhase.Completion : i <= 60 ? TrainingPhase.Discriminator : TrainingPhase.Joint;
                double? mse = phase == TrainingPhase.Discriminator ? null : 0.05 / i;
                double? d = phase == TrainingPhase.Completion ? null : 0.7 - (i / 1000.0);
                double? adversarial = phase == TrainingPhase.Joint ? 0.9 : null;
                log.Write(new TrainingProgress(i, 90, phase, mse, adversarial, d, d is null ? null : 0.6, 10, 0, TimeSpan.FromSeconds(i), 0, TimeSpan.FromSeconds(i)));
            }
        }

        TrainingCurves curves = TrainingCurves.Load(path);
        string svg = curves.ToSvg();
        curves.Save(temp.Combine("curves.png"), 400, 200);

        Assert.Equal(90, curves.Points.Count);
        Assert.Equal((41L, TrainingPhase.Discriminator, (double?)null), (curves.Points[40].Iteration, curves.Points[40].Phase, curves.Points[40].CompletionMse));
        Assert.Equal(0.05 / 7, curves.Points[6].CompletionMse!.Value, 6);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(svg, "<polyline"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(svg, "stroke-dasharray")); // two phase boundaries in two panels
        RgbImage png = RgbImage.Load(temp.Combine("curves.png"));
        Assert.Equal((400, 200), (png.Width, png.Height));
    }

    [Fact]
    public void AFileThatIsNotATrainingLog_IsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"glcic-notalog-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["iteration,phase", "seven,Completion"]);

        var e = Assert.Throws<InvalidDataException>(() => TrainingCurves.Load(path));
        Assert.Contains("Line 2", e.Message, StringComparison.Ordinal);
        File.Delete(path);
    }
}
