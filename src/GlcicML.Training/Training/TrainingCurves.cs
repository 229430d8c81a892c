using System.Globalization;
using System.Text;
using System.Text.Json;
using GlcicML.Notebooks;
using SkiaSharp;

namespace GlcicML.Training.Training;

/// <summary>
/// The loss curves of a training log (<c>training-log.csv</c> or <c>.jsonl</c>): the completion network's
/// reconstruction loss and, once the discriminators train, their loss and the completion network's adversarial loss,
/// smoothed over a moving window, with the phase boundaries marked; with <see cref="WithValidation"/>, a third panel
/// of the validation scores (<c>validation.csv</c>) against fast marching's. Displays as a chart in notebooks;
/// <see cref="ToSvg"/> and <see cref="Save"/> give it as SVG or PNG elsewhere.
/// </summary>
[TypeFormatterSource(typeof(TrainingCurvesFormatterSource))]
public sealed class TrainingCurves
{
    private TrainingCurves(IReadOnlyList<Point> points, IReadOnlyList<ValidationPoint>? validation = null)
    {
        Points = points;
        Validation = validation ?? [];
    }

    /// <summary>One validation (a line of <c>validation.csv</c>): the model's and fast marching's hole L1.</summary>
    public readonly record struct ValidationPoint(long Iteration, double ModelHoleL1, double FastMarchingHoleL1);

    /// <summary>The validations, in order; empty without <see cref="WithValidation"/>.</summary>
    public IReadOnlyList<ValidationPoint> Validation { get; }

    /// <summary>These curves plus the validation scores of <paramref name="validationCsv"/> (written by <c>glcic-train train --validation</c>).</summary>
    /// <exception cref="InvalidDataException">The file is not a GlcicML validation log.</exception>
    public TrainingCurves WithValidation(string validationCsv)
    {
        ArgumentException.ThrowIfNullOrEmpty(validationCsv);
        var validation = new List<ValidationPoint>();
        int line = 0;
        foreach (string text in File.ReadLines(validationCsv))
        {
            if (line++ == 0 || text.Length == 0)
            {
                continue;
            }

            string[] f = text.Split(',');
            try
            {
                validation.Add(new ValidationPoint(long.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)));
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"Line {line} of '{validationCsv}' is not a GlcicML validation line: {e.Message}", e);
            }
        }

        return new TrainingCurves(Points, validation);
    }

    /// <summary>One logged iteration.</summary>
    public readonly record struct Point(long Iteration, TrainingPhase Phase, double? CompletionMse, double? AdversarialLoss, double? DiscriminatorLoss);

    /// <summary>Every logged iteration, in order.</summary>
    public IReadOnlyList<Point> Points { get; }

    /// <summary>Reads a training log written by <see cref="TrainingLog"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a GlcicML training log.</exception>
    public static TrainingCurves Load(string logPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(logPath);
        var points = new List<Point>();
        bool json = logPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || logPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        int line = 0;
        foreach (string text in File.ReadLines(logPath))
        {
            line++;
            if (text.Length == 0 || (!json && line == 1))
            {
                continue;
            }

            try
            {
                points.Add(json ? FromJson(text) : FromCsv(text));
            }
            catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or ArgumentException or KeyNotFoundException)
            {
                throw new InvalidDataException($"Line {line} of '{logPath}' is not a GlcicML training-log line: {e.Message}", e);
            }
        }

        return new TrainingCurves(points);
    }

    /// <summary>The curves as an SVG chart: MSE above (log scale), adversarial losses below.</summary>
    public string ToSvg(int width = 720, int height = 360)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"font:11px sans-serif;background:#fff\">");
        foreach (Panel panel in Panels(width, height))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{panel.Left}\" y=\"{panel.Top}\" width=\"{panel.Width}\" height=\"{panel.Height}\" fill=\"none\" stroke=\"#999\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left}\" y=\"{panel.Top - 4}\">{panel.Title}</text>");
            foreach (double x in PhaseBoundaries())
            {
                double px = panel.X(x);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px:F1}\" y1=\"{panel.Top}\" x2=\"{px:F1}\" y2=\"{panel.Top + panel.Height}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>");
            }

            int legend = 0;
            foreach ((string name, string colour, List<(double X, double Y)> series) in panel.Series)
            {
                if (series.Count < 2)
                {
                    continue;
                }

                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', series.Select(p => string.Create(CultureInfo.InvariantCulture, $"{panel.X(p.X):F1},{panel.Y(p.Y):F1}")))}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left + panel.Width - 170}\" y=\"{panel.Top + 14 + (14 * legend++)}\" fill=\"{colour}\">{name}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left}\" y=\"{panel.Top + panel.Height + 13}\">{panel.MinX:N0}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left + panel.Width}\" y=\"{panel.Top + panel.Height + 13}\" text-anchor=\"end\">iteration {panel.MaxX:N0}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left - 4}\" y=\"{panel.Top + 10}\" text-anchor=\"end\">{panel.Label(panel.MaxY)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{panel.Left - 4}\" y=\"{panel.Top + panel.Height}\" text-anchor=\"end\">{panel.Label(panel.MinY)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Writes the chart as a PNG (lines and phase boundaries; the labels are in <see cref="ToSvg"/>).</summary>
    public void Save(string pngPath, int width = 720, int height = 360)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var frame = new SKPaint { Color = new SKColor(0x99, 0x99, 0x99), Style = SKPaintStyle.Stroke, IsAntialias = true };
        using var boundary = new SKPaint { Color = new SKColor(0xBB, 0xBB, 0xBB), Style = SKPaintStyle.Stroke, PathEffect = SKPathEffect.CreateDash([4, 3], 0) };
        foreach (Panel panel in Panels(width, height))
        {
            canvas.DrawRect(panel.Left, panel.Top, panel.Width, panel.Height, frame);
            foreach (double x in PhaseBoundaries())
            {
                canvas.DrawLine((float)panel.X(x), panel.Top, (float)panel.X(x), panel.Top + panel.Height, boundary);
            }

            foreach ((_, string colour, List<(double X, double Y)> series) in panel.Series)
            {
                using var line = new SKPaint { Color = SKColor.Parse(colour), Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
                for (int i = 1; i < series.Count; i++)
                {
                    canvas.DrawLine((float)panel.X(series[i - 1].X), (float)panel.Y(series[i - 1].Y), (float)panel.X(series[i].X), (float)panel.Y(series[i].Y), line);
                }
            }
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        using FileStream file = File.Create(pngPath);
        png.SaveTo(file);
    }

    private IEnumerable<double> PhaseBoundaries() =>
        Points.Zip(Points.Skip(1)).Where(p => p.First.Phase != p.Second.Phase).Select(p => (double)p.First.Iteration);

    private List<Panel> Panels(int width, int height)
    {
        const int left = 56, right = 12, top = 18, gap = 34, bottom = 18;
        int count = Validation.Count > 0 ? 3 : 2;
        int panelHeight = (height - top - ((count - 1) * gap) - bottom) / count;
        var mse = new Panel("reconstruction loss (the recipe's: Eq. 2's MSE by default), log scale", left, top, width - left - right, panelHeight, logScale: true);
        mse.Add("completion", "#1f77b4", Smooth(p => p.CompletionMse));
        var adversarial = new Panel("adversarial losses (binary cross-entropy)", left, top + panelHeight + gap, width - left - right, panelHeight, logScale: false);
        adversarial.Add("discriminators", "#d62728", Smooth(p => p.DiscriminatorLoss));
        adversarial.Add("completion (adversarial)", "#2ca02c", Smooth(p => p.AdversarialLoss));
        double minX = Points.Count > 0 ? Points[0].Iteration : 0, maxX = Points.Count > 0 ? Points[^1].Iteration : 1;
        mse.Fit(minX, maxX);
        adversarial.Fit(minX, maxX);
        List<Panel> panels = [mse, adversarial];
        if (Validation.Count > 0)
        {
            var validation = new Panel("validation hole L1 on held-out photos (lower is better)", left, top + (2 * (panelHeight + gap)), width - left - right, panelHeight, logScale: false);
            validation.Add("model", "#1f77b4", [.. Validation.Select(v => ((double)v.Iteration, v.ModelHoleL1))]);
            validation.Add("fast marching (Telea r5)", "#ff7f0e", [(minX, Validation[0].FastMarchingHoleL1), (maxX, Validation[0].FastMarchingHoleL1)]);
            validation.Fit(minX, maxX);
            panels.Add(validation);
        }

        return panels;
    }

    /// <summary>A moving mean over about 1/50 of the run (at least 1 point), of the iterations that have the value.</summary>
    private List<(double X, double Y)> Smooth(Func<Point, double?> value)
    {
        List<(double X, double Y)> raw = [.. Points.Where(p => value(p) is double v && double.IsFinite(v)).Select(p => ((double)p.Iteration, value(p)!.Value))];
        int window = Math.Max(1, raw.Count / 50);
        var smooth = new List<(double, double)>();
        double sum = 0;
        for (int i = 0; i < raw.Count; i++)
        {
            sum += raw[i].Y;
            if (i >= window)
            {
                sum -= raw[i - window].Y;
            }

            if (i >= window - 1 && (i % Math.Max(1, window / 4) == 0 || i == raw.Count - 1))
            {
                smooth.Add((raw[i].X, sum / window));
            }
        }

        return smooth;
    }

    private static Point FromCsv(string line)
    {
        string[] f = line.Split(',');
        return new Point(long.Parse(f[0], CultureInfo.InvariantCulture), Enum.Parse<TrainingPhase>(f[1]), Optional(f[2]), Optional(f[3]), Optional(f[4]));
    }

    private static Point FromJson(string line)
    {
        using var document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        double? Get(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new Point(root.GetProperty("iteration").GetInt64(), Enum.Parse<TrainingPhase>(root.GetProperty("phase").GetString()!), Get("completion_mse"), Get("adversarial_loss"), Get("discriminator_loss"));
    }

    private static double? Optional(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>One chart panel: a title, a frame, series and the mapping from data to pixels.</summary>
    private sealed class Panel(string title, int left, int top, int width, int height, bool logScale)
    {
        public string Title => title;

        public int Left => left;

        public int Top => top;

        public int Width => width;

        public int Height => height;

        public double MinX { get; private set; }

        public double MaxX { get; private set; } = 1;

        public double MinY { get; private set; }

        public double MaxY { get; private set; } = 1;

        public List<(string Name, string Colour, List<(double X, double Y)> Points)> Series { get; } = [];

        public void Add(string name, string colour, List<(double X, double Y)> points) =>
            Series.Add((name, colour, logScale ? [.. points.Where(p => p.Y > 0)] : points));

        public void Fit(double minX, double maxX)
        {
            (MinX, MaxX) = (minX, Math.Max(maxX, minX + 1));
            double[] ys = [.. Series.SelectMany(s => s.Points).Select(p => p.Y)];
            (MinY, MaxY) = ys.Length == 0 ? (0.0, 1.0) : (ys.Min(), ys.Max());
            if (MaxY <= MinY)
            {
                MaxY = MinY + (logScale ? MinY : 1);
            }
        }

        public double X(double x) => left + ((x - MinX) / (MaxX - MinX) * width);

        public double Y(double y) => logScale
            ? top + height - ((Math.Log(y) - Math.Log(MinY)) / (Math.Log(MaxY) - Math.Log(MinY)) * height)
            : top + height - ((y - MinY) / (MaxY - MinY) * height);

        public string Label(double y) => y.ToString(logScale ? "G3" : "F2", CultureInfo.InvariantCulture);
    }
}
