using System.Globalization;

namespace GlcicML.Training.Training;

/// <summary>The validation CSV: one line per validation, kept consistent with the checkpoint across resumes.</summary>
internal static class ValidationLog
{
    public const string Header = "iteration,model_hole_l1,model_hole_psnr,fast_marching_hole_l1,fast_marching_hole_psnr,mean_fill_hole_l1,mean_fill_hole_psnr,best";

    /// <summary>Creates the log, or drops the lines a killed run wrote past <paramref name="iteration"/>; returns the lowest model L1 kept (infinity if none).</summary>
    public static double Open(string path, long iteration)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var kept = new List<string> { Header };
        double best = double.PositiveInfinity;
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                string[] fields = line.Split(',');
                if (fields.Length >= 2 && long.TryParse(fields[0], CultureInfo.InvariantCulture, out long at) && at <= iteration
                    && double.TryParse(fields[1], CultureInfo.InvariantCulture, out double l1))
                {
                    kept.Add(line);
                    best = Math.Min(best, l1);
                }
            }
        }

        GlcicML.Imaging.AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            kept.ForEach(writer.WriteLine);
        });
        return best;
    }

    public static void Append(string path, ValidationResult r) =>
        File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
            $"{r.Iteration},{r.Model.HoleL1:R},{r.Model.HolePsnr:R},{r.FastMarching.HoleL1:R},{r.FastMarching.HolePsnr:R},{r.MeanFill.HoleL1:R},{r.MeanFill.HolePsnr:R},{(r.IsBest ? 1 : 0)}\n"));
}
