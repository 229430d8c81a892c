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
    public void WithValidation_AddsAPanelOfTheModelAgainstFastMarching()
    {
        using var temp = new TempFolder();
        string log = temp.Combine("training-log.csv"), validation = temp.Combine("validation.csv");
        using (var writer = new TrainingLog(log))
        {
            for (long i = 1; i <= 40; i++)
            {
                writer.Write(new TrainingProgress(i, 40, TrainingPhase.Completion, 0.05 / i, null, null, null, 10, 0, TimeSpan.FromSeconds(i), 0, TimeSpan.FromSeconds(i)));
            }
        }

        File.WriteAllLines(validation, ["iteration,model_hole_l1,model_hole_psnr,fast_marching_hole_l1,fast_marching_hole_psnr,mean_fill_hole_l1,mean_fill_hole_psnr,best",
            "10,0.07,20,0.06,21,0.25,11,1", "20,0.065,20.2,0.06,21,0.25,11,1", "40,0.058,20.8,0.06,21,0.25,11,1"]);

        TrainingCurves curves = TrainingCurves.Load(log).WithValidation(validation);
        string svg = curves.ToSvg(720, 480);

        Assert.Equal([10L, 20, 40], curves.Validation.Select(v => v.Iteration));
        Assert.Equal(0.058, curves.Validation[^1].ModelHoleL1);
        Assert.Contains("validation hole L1", svg, StringComparison.Ordinal);
        Assert.Contains("fast marching (Telea r5)", svg, StringComparison.Ordinal);
        File.WriteAllLines(validation, ["header", "ten,0.07"]);
        Assert.Contains("Line 2", Assert.Throws<InvalidDataException>(() => TrainingCurves.Load(log).WithValidation(validation)).Message, StringComparison.Ordinal);
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
