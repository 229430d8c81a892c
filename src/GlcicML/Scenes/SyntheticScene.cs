namespace GlcicML.Scenes;

/// <summary>
/// Procedural outdoor scenes for tests, demos and training: a sky gradient with a sun, a textured ground below a
/// horizon, and objects with structure an inpainting model can learn to continue: symmetric houses (walls, pitched
/// roof, paired windows, a centred door), trees, and fences of evenly spaced posts. The same size and seed always
/// give the same image.
/// </summary>
public static class SyntheticScene
{
    /// <summary>Draws one scene.</summary>
    /// <param name="width">Width in pixels (at least 8).</param>
    /// <param name="height">Height in pixels (at least 8).</param>
    /// <param name="seed">Fixes every random choice.</param>
    public static RgbImage Generate(int width, int height, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 8);
        var random = new MaskRandom(seed);
        var canvas = new Canvas(width, height);
        int horizon = (int)(height * random.NextDouble(0.35, 0.65));

        DrawSky(canvas, horizon, ref random);
        DrawGround(canvas, horizon, ref random);
        int objects = random.NextInt(1, 4);
        for (int i = 0; i < objects; i++)
        {
            switch (random.NextInt(0, 2))
            {
                case 0:
                    DrawHouse(canvas, horizon, ref random);
                    break;
                case 1:
                    DrawTree(canvas, horizon, ref random);
                    break;
                default:
                    DrawFence(canvas, horizon, ref random);
                    break;
            }
        }

        return new RgbImage(width, height, canvas.Pixels);
    }

    private static void DrawSky(Canvas canvas, int horizon, ref MaskRandom random)
    {
        (double r, double g, double b) top = (random.NextDouble(20, 90), random.NextDouble(60, 140), random.NextDouble(150, 230));
        (double r, double g, double b) low = (random.NextDouble(150, 230), random.NextDouble(160, 220), random.NextDouble(190, 250));
        for (int y = 0; y < horizon; y++)
        {
            double t = horizon <= 1 ? 0 : (double)y / (horizon - 1);
            canvas.FillRow(y, 0, canvas.Width, Lerp(top, low, t));
        }

        int sunRadius = Math.Max(2, (int)(Math.Min(canvas.Width, canvas.Height) * random.NextDouble(0.04, 0.09)));
        int sunX = random.NextInt(0, canvas.Width - 1);
        int sunY = random.NextInt(0, Math.Max(0, horizon - sunRadius));
        canvas.FillCircle(sunX, sunY, sunRadius, (255, random.NextDouble(210, 245), random.NextDouble(120, 190)), maxY: horizon);
    }

    private static void DrawGround(Canvas canvas, int horizon, ref MaskRandom random)
    {
        (double r, double g, double b) baseColour = random.NextInt(0, 2) switch
        {
            0 => (random.NextDouble(60, 110), random.NextDouble(110, 170), random.NextDouble(40, 80)),   // grass
            1 => (random.NextDouble(150, 200), random.NextDouble(130, 170), random.NextDouble(90, 130)), // sand
            _ => (random.NextDouble(90, 120), random.NextDouble(90, 120), random.NextDouble(90, 120)),   // asphalt
        };
        double stripe = random.NextDouble(3, 9);
        double phase = random.NextDouble(0, 2 * Math.PI);
        for (int y = horizon; y < canvas.Height; y++)
        {
            double depth = (double)(y - horizon + 1) / (canvas.Height - horizon + 1);
            for (int x = 0; x < canvas.Width; x++)
            {
                // Furrows that widen towards the viewer, plus fine deterministic grain: texture to continue.
                double furrow = Math.Sin((x * depth / stripe) + phase + (y * 0.15)) * 14 * depth;
                double grain = (Hash(x, y, phase) - 0.5) * 22;
                double shade = 0.75 + (0.35 * depth);
                canvas.Set(x, y, ((baseColour.r * shade) + furrow + grain, (baseColour.g * shade) + furrow + grain, (baseColour.b * shade) + (furrow * 0.5) + grain));
            }
        }
    }

    private static void DrawHouse(Canvas canvas, int horizon, ref MaskRandom random)
    {
        int wallWidth = Math.Max(6, (int)(canvas.Width * random.NextDouble(0.15, 0.35)));
        int wallHeight = Math.Max(4, (int)(canvas.Height * random.NextDouble(0.12, 0.25)));
        int left = random.NextInt(0, Math.Max(0, canvas.Width - wallWidth));
        int bottom = Math.Min(canvas.Height - 1, horizon + random.NextInt(0, Math.Max(0, (canvas.Height - horizon) / 3)));
        int top = bottom - wallHeight;
        (double, double, double) wall = (random.NextDouble(150, 240), random.NextDouble(120, 220), random.NextDouble(90, 200));
        (double, double, double) roof = (random.NextDouble(90, 170), random.NextDouble(30, 80), random.NextDouble(20, 60));
        canvas.FillRectangle(left, top, wallWidth, wallHeight, wall);

        int roofHeight = Math.Max(2, wallHeight / 2);
        for (int dy = 0; dy < roofHeight; dy++)
        {
            int inset = (int)((double)(roofHeight - dy) / roofHeight * wallWidth / 2);
            canvas.FillRow(top - roofHeight + dy, left + inset, wallWidth - (2 * inset), roof);
        }

        // Mirror-symmetric windows and a centred door.
        int windowSize = Math.Max(1, wallWidth / 6);
        (double, double, double) glass = (random.NextDouble(40, 90), random.NextDouble(70, 120), random.NextDouble(120, 180));
        int windowY = top + (wallHeight / 4);
        canvas.FillRectangle(left + (wallWidth / 5), windowY, windowSize, windowSize, glass);
        canvas.FillRectangle(left + wallWidth - (wallWidth / 5) - windowSize, windowY, windowSize, windowSize, glass);
        int doorWidth = Math.Max(1, wallWidth / 6);
        int doorHeight = Math.Max(1, wallHeight / 2);
        canvas.FillRectangle(left + ((wallWidth - doorWidth) / 2), bottom - doorHeight, doorWidth, doorHeight, (70, 45, 30));
    }

    private static void DrawTree(Canvas canvas, int horizon, ref MaskRandom random)
    {
        int trunkHeight = Math.Max(3, (int)(canvas.Height * random.NextDouble(0.08, 0.18)));
        int trunkWidth = Math.Max(1, trunkHeight / 5);
        int x = random.NextInt(0, canvas.Width - 1);
        int bottom = Math.Min(canvas.Height - 1, horizon + random.NextInt(0, Math.Max(0, (canvas.Height - horizon) / 2)));
        canvas.FillRectangle(x - (trunkWidth / 2), bottom - trunkHeight, trunkWidth, trunkHeight, (90, 60, 35));
        int crown = Math.Max(2, (int)(trunkHeight * random.NextDouble(0.6, 1.0)));
        canvas.FillCircle(x, bottom - trunkHeight - (crown / 2), crown, (random.NextDouble(20, 60), random.NextDouble(90, 150), random.NextDouble(20, 60)));
    }

    private static void DrawFence(Canvas canvas, int horizon, ref MaskRandom random)
    {
        int postHeight = Math.Max(3, (int)(canvas.Height * random.NextDouble(0.05, 0.12)));
        int spacing = Math.Max(3, (int)(canvas.Width * random.NextDouble(0.03, 0.07)));
        int postWidth = Math.Max(1, spacing / 3);
        int bottom = Math.Min(canvas.Height - 1, horizon + random.NextInt(1, Math.Max(1, (canvas.Height - horizon) / 2)));
        int start = random.NextInt(0, canvas.Width / 2);
        int end = Math.Min(canvas.Width, start + (int)(canvas.Width * random.NextDouble(0.3, 0.7)));
        (double, double, double) wood = (random.NextDouble(180, 240), random.NextDouble(170, 230), random.NextDouble(150, 210));
        for (int x = start; x < end; x += spacing)
        {
            canvas.FillRectangle(x, bottom - postHeight, postWidth, postHeight, wood);
        }

        canvas.FillRectangle(start, bottom - (postHeight * 2 / 3), end - start, Math.Max(1, postHeight / 6), wood);
    }

    private static (double, double, double) Lerp((double r, double g, double b) a, (double r, double g, double b) b, double t) =>
        (a.r + ((b.r - a.r) * t), a.g + ((b.g - a.g) * t), a.b + ((b.b - a.b) * t));

    /// <summary>A fixed pseudo-random value in [0, 1) per pixel.</summary>
    private static double Hash(int x, int y, double salt)
    {
        ulong h = MaskRandom.Mix((ulong)x, (ulong)y, (ulong)(salt * 1e6));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>An RGB drawing surface with clipping.</summary>
    private sealed class Canvas(int width, int height)
    {
        public int Width => width;

        public int Height => height;

        public byte[] Pixels { get; } = new byte[width * height * 3];

        public void Set(int x, int y, (double R, double G, double B) colour)
        {
            if (x < 0 || y < 0 || x >= width || y >= height)
            {
                return;
            }

            int o = ((y * width) + x) * 3;
            Pixels[o] = ToByte(colour.R);
            Pixels[o + 1] = ToByte(colour.G);
            Pixels[o + 2] = ToByte(colour.B);
        }

        public void FillRow(int y, int x, int length, (double, double, double) colour)
        {
            for (int i = 0; i < length; i++)
            {
                Set(x + i, y, colour);
            }
        }

        public void FillRectangle(int x, int y, int w, int h, (double, double, double) colour)
        {
            for (int row = y; row < y + h; row++)
            {
                FillRow(row, x, w, colour);
            }
        }

        public void FillCircle(int cx, int cy, int radius, (double, double, double) colour, int maxY = int.MaxValue)
        {
            for (int y = cy - radius; y <= cy + radius && y < maxY; y++)
            {
                for (int x = cx - radius; x <= cx + radius; x++)
                {
                    if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= radius * radius)
                    {
                        Set(x, y, colour);
                    }
                }
            }
        }

        private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
    }
}
