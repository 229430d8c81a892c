namespace GlcicML.Masks;

/// <summary>
/// Random brush strokes: each a polyline with a random start, random turns, segment lengths and one brush width.
/// Strokes are added until the masked share reaches a target drawn from [MinMaskedFraction, MaxMaskedFraction];
/// a segment that would push the share over the maximum is taken back and ends its stroke, so the result always
/// lies within the bounds.
/// </summary>
internal static class FreeFormStrokes
{
    private const int MaxStrokes = 1000;

    public static InpaintingMask Draw(int width, int height, MaskGeneratorOptions options, ref MaskRandom random)
    {
        int total = width * height;
        int minCount = (int)Math.Ceiling(options.MinMaskedFraction * total);
        int maxCount = (int)Math.Floor(options.MaxMaskedFraction * total);
        if (maxCount < Math.Max(1, minCount))
        {
            throw new ArgumentException(
                $"A {width}x{height} image has too few pixels to cover between {options.MinMaskedFraction:P1} and {options.MaxMaskedFraction:P1} of it. " +
                "Widen the masked-fraction bounds or use larger images.");
        }

        double target = random.NextDouble(options.MinMaskedFraction, options.MaxMaskedFraction);
        int targetCount = Math.Clamp((int)Math.Ceiling(target * total), Math.Max(1, minCount), maxCount);

        var values = new byte[total];
        var canvas = new Canvas(values, width, height, maxCount);
        double shortSide = Math.Min(width, height);
        for (int stroke = 0; stroke < MaxStrokes && canvas.Count < targetCount; stroke++)
        {
            DrawStroke(ref canvas, options, ref random, shortSide);
        }

        if (canvas.Count < minCount)
        {
            throw new ArgumentException(
                $"Could not cover {options.MinMaskedFraction:P1} of a {width}x{height} image with at most {options.MaxMaskedFraction:P1} " +
                $"in {MaxStrokes} strokes: one brush dab is larger than the allowed share. Lower MinBrushWidth/MaxBrushWidth or raise MaxMaskedFraction.");
        }

        return new InpaintingMask(width, height, values);
    }

    private static void DrawStroke(ref Canvas canvas, MaskGeneratorOptions options, ref MaskRandom random, double shortSide)
    {
        double x = random.NextDouble(0, canvas.Width);
        double y = random.NextDouble(0, canvas.Height);
        int vertices = random.NextInt(options.MinStrokeVertices, options.MaxStrokeVertices);
        double radius = Math.Max(0.75, random.NextDouble(options.MinBrushWidth, options.MaxBrushWidth) * shortSide / 2);
        double angle = random.NextDouble(0, 2 * Math.PI);
        for (int segment = 1; segment < vertices; segment++)
        {
            angle += random.NextDouble(-options.MaxTurnAngle, options.MaxTurnAngle);
            double length = random.NextDouble(options.MinSegmentLength, options.MaxSegmentLength) * shortSide;
            double nx = Math.Clamp(x + (length * Math.Cos(angle)), 0, canvas.Width - 1e-6);
            double ny = Math.Clamp(y + (length * Math.Sin(angle)), 0, canvas.Height - 1e-6);
            if (!canvas.TryDrawCapsule(x, y, nx, ny, radius))
            {
                return;
            }

            x = nx;
            y = ny;
        }
    }

    /// <summary>The mask being drawn, with the count of set pixels and an undo list for the last capsule.</summary>
    private struct Canvas(byte[] values, int width, int height, int maxCount)
    {
        private readonly List<int> _added = [];

        public readonly int Width => width;

        public readonly int Height => height;

        public int Count { get; private set; }

        /// <summary>Sets every pixel whose centre is within <paramref name="radius"/> of the segment; undoes it and
        /// returns false if that would exceed the pixel budget.</summary>
        public bool TryDrawCapsule(double x0, double y0, double x1, double y1, double radius)
        {
            _added.Clear();
            int left = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - radius));
            int right = Math.Min(width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + radius));
            int top = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - radius));
            int bottom = Math.Min(height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + radius));
            double dx = x1 - x0, dy = y1 - y0;
            double lengthSquared = (dx * dx) + (dy * dy);
            double radiusSquared = radius * radius;
            for (int py = top; py <= bottom; py++)
            {
                double cy = py + 0.5;
                for (int px = left; px <= right; px++)
                {
                    double cx = px + 0.5;
                    double t = lengthSquared > 0 ? Math.Clamp((((cx - x0) * dx) + ((cy - y0) * dy)) / lengthSquared, 0, 1) : 0;
                    double ex = cx - (x0 + (t * dx)), ey = cy - (y0 + (t * dy));
                    int index = (py * width) + px;
                    if ((ex * ex) + (ey * ey) <= radiusSquared && values[index] == 0)
                    {
                        values[index] = 1;
                        _added.Add(index);
                    }
                }
            }

            if (Count + _added.Count > maxCount)
            {
                foreach (int index in _added)
                {
                    values[index] = 0;
                }

                return false;
            }

            Count += _added.Count;
            return true;
        }
    }
}
