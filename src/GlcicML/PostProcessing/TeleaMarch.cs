using GlcicML.Imaging;

namespace GlcicML.PostProcessing;

/// <summary>
/// The fast-marching engine behind <see cref="TeleaInpainting"/>, mirroring OpenCV's icvInpaint/icvTeleaInpaintFMM:
/// fields are padded by one pixel; the narrow band starts at arrival time 0; arrival times of the known pixels up to
/// <c>range</c> outside the holes are computed first and negated; then the front moves into the holes, each newly
/// reached pixel getting its arrival time (the eikonal update) and its colour.
/// </summary>
internal static class TeleaMarch
{
    private const byte Known = 0;
    private const byte Band = 1;
    private const byte Inside = 2;
    private const byte Change = 3;
    private const float Far = 1.0e6f;

    /// <summary>Pixel storage the march reads and writes.</summary>
    internal interface IPixels
    {
        /// <summary>One level of the gradient term, in the pixels' units (1 for 8-bit, 1/255 for [0, 1] floats).</summary>
        float GradientUnit { get; }

        float Get(int y, int x, int channel);

        void Set(int y, int x, int channel, float value);
    }

    public static void Run<TPixels>(InpaintingMask mask, int range, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        int rows = mask.Height + 2, cols = mask.Width + 2;
        var flags = new byte[rows * cols];
        ReadOnlySpan<byte> holes = mask.Values;
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                if (holes[(y * mask.Width) + x] != 0)
                {
                    flags[((y + 1) * cols) + x + 1] = Inside;
                }
            }
        }

        // The narrow band: known pixels with a 4-neighbour in a hole (the border ring excluded), arrival time 0.
        var band = new bool[rows * cols];
        var t = new float[rows * cols];
        Array.Fill(t, Far);
        var front = new MarchingQueue();
        var outsideFront = new MarchingQueue();
        for (int i = 1; i < rows - 1; i++)
        {
            for (int j = 1; j < cols - 1; j++)
            {
                int p = (i * cols) + j;
                if (flags[p] != Inside && (flags[p - 1] == Inside || flags[p + 1] == Inside || flags[p - cols] == Inside || flags[p + cols] == Inside))
                {
                    band[p] = true;
                    t[p] = 0;
                    front.Push(i, j, 0);
                    outsideFront.Push(i, j, 0);
                }
            }
        }

        MarchOutside(flags, band, t, rows, cols, range, outsideFront);
        MarchInside(flags, t, rows, cols, range, front, ref pixels);
    }

    /// <summary>Arrival times of the known pixels within <paramref name="range"/> of the holes, marched outwards and negated.</summary>
    private static void MarchOutside(byte[] flags, bool[] band, float[] t, int rows, int cols, int range, MarchingQueue queue)
    {
        // The ring to march through: known pixels within the (2·range+1) square of a hole pixel, minus the band and the border.
        var outside = new byte[rows * cols];
        for (int i = 1; i < rows - 1; i++)
        {
            for (int j = 1; j < cols - 1; j++)
            {
                int p = (i * cols) + j;
                if (flags[p] == Inside || band[p])
                {
                    continue;
                }

                if (HasHoleWithin(flags, rows, cols, i, j, range))
                {
                    outside[p] = Inside;
                }
            }
        }

        while (queue.TryPop(out int ii, out int jj))
        {
            outside[(ii * cols) + jj] = Change;
            foreach ((int i, int j) in Neighbours(ii, jj))
            {
                if (i <= 0 || j <= 0 || i >= rows - 1 || j >= cols - 1 || outside[(i * cols) + j] != Inside)
                {
                    continue;
                }

                float dist = Arrival(outside, t, cols, i, j);
                t[(i * cols) + j] = dist;
                outside[(i * cols) + j] = Band;
                queue.Push(i, j, dist);
            }
        }

        for (int p = 0; p < outside.Length; p++)
        {
            if (outside[p] == Change)
            {
                t[p] = -t[p];
            }
        }
    }

    private static void MarchInside<TPixels>(byte[] flags, float[] t, int rows, int cols, int range, MarchingQueue queue, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        while (queue.TryPop(out int ii, out int jj))
        {
            flags[(ii * cols) + jj] = Known;
            foreach ((int i, int j) in Neighbours(ii, jj))
            {
                if (i <= 0 || j <= 0 || i > rows - 1 || j > cols - 1 || flags[(i * cols) + j] != Inside)
                {
                    continue;
                }

                float dist = Arrival(flags, t, cols, i, j);
                t[(i * cols) + j] = dist;
                (float gradTx, float gradTy) = TimeGradient(flags, t, cols, i, j);
                for (int channel = 0; channel < 3; channel++)
                {
                    pixels.Set(i - 1, j - 1, channel, Colour(flags, t, rows, cols, range, i, j, gradTx, gradTy, channel, ref pixels));
                }

                flags[(i * cols) + j] = Band;
                queue.Push(i, j, dist);
            }
        }
    }

    /// <summary>The weighted average of known neighbours plus the (unit-length) gradient term, as OpenCV computes it.</summary>
    private static float Colour<TPixels>(byte[] flags, float[] t, int rows, int cols, int range, int i, int j, float gradTx, float gradTy, int channel, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        float ia = 0, jx = 0, jy = 0, s = 1.0e-20f;
        float tij = t[(i * cols) + j];
        for (int k = i - range; k <= i + range; k++)
        {
            // OpenCV's image indices for the gradients, including their shifts at the first and last rows and columns.
            // (The value itself is read at (k−1, l−1), unshifted, as OpenCV does since 4.10.)
            int km = k - 1 + (k == 1 ? 1 : 0), kp = k - 1 - (k == rows - 2 ? 1 : 0);
            for (int l = j - range; l <= j + range; l++)
            {
                int lm = l - 1 + (l == 1 ? 1 : 0), lp = l - 1 - (l == cols - 2 ? 1 : 0);
                if (k <= 0 || l <= 0 || k >= rows - 1 || l >= cols - 1)
                {
                    continue;
                }

                int q = (k * cols) + l;
                if (flags[q] == Inside || ((l - j) * (l - j)) + ((k - i) * (k - i)) > range * range)
                {
                    continue;
                }

                float ry = i - k, rx = j - l;
                float lengthSquared = (rx * rx) + (ry * ry);
                float dst = (float)(1.0 / (lengthSquared * Math.Sqrt(lengthSquared)));
                float lev = (float)(1.0 / (1 + MathF.Abs(t[q] - tij)));
                float dir = (rx * gradTx) + (ry * gradTy);
                if (MathF.Abs(dir) <= 0.01f)
                {
                    dir = 0.000001f;
                }

                float w = MathF.Abs(dst * lev * dir);
                float gradIx, gradIy;
                if (flags[q + 1] != Inside)
                {
                    gradIx = flags[q - 1] != Inside
                        ? (pixels.Get(km, lp + 1, channel) - pixels.Get(km, lm - 1, channel)) * 2.0f
                        : pixels.Get(km, lp + 1, channel) - pixels.Get(km, lm, channel);
                }
                else
                {
                    gradIx = flags[q - 1] != Inside ? pixels.Get(km, lp, channel) - pixels.Get(km, lm - 1, channel) : 0;
                }

                if (flags[q + cols] != Inside)
                {
                    gradIy = flags[q - cols] != Inside
                        ? (pixels.Get(kp + 1, lm, channel) - pixels.Get(km - 1, lm, channel)) * 2.0f
                        : pixels.Get(kp + 1, lm, channel) - pixels.Get(km, lm, channel);
                }
                else
                {
                    gradIy = flags[q - cols] != Inside ? pixels.Get(kp, lm, channel) - pixels.Get(km - 1, lm, channel) : 0;
                }

                ia += w * pixels.Get(k - 1, l - 1, channel);
                jx -= w * (gradIx * rx);
                jy -= w * (gradIy * ry);
                s += w;
            }
        }

        return (ia / s) + ((jx + jy) / (MathF.Sqrt((jx * jx) + (jy * jy)) + 1.0e-20f) * pixels.GradientUnit);
    }

    private static (float X, float Y) TimeGradient(byte[] flags, float[] t, int cols, int i, int j)
    {
        int p = (i * cols) + j;
        float x = flags[p + 1] != Inside
            ? (flags[p - 1] != Inside ? (t[p + 1] - t[p - 1]) * 0.5f : t[p + 1] - t[p])
            : (flags[p - 1] != Inside ? t[p] - t[p - 1] : 0);
        float y = flags[p + cols] != Inside
            ? (flags[p - cols] != Inside ? (t[p + cols] - t[p - cols]) * 0.5f : t[p + cols] - t[p])
            : (flags[p - cols] != Inside ? t[p] - t[p - cols] : 0);
        return (x, y);
    }

    /// <summary>The eikonal update: the smallest of the four one-sided quadrant solutions.</summary>
    private static float Arrival(byte[] flags, float[] t, int cols, int i, int j) => Math.Min(
        Math.Min(Solve(flags, t, cols, i - 1, j, i, j - 1), Solve(flags, t, cols, i + 1, j, i, j - 1)),
        Math.Min(Solve(flags, t, cols, i - 1, j, i, j + 1), Solve(flags, t, cols, i + 1, j, i, j + 1)));

    private static float Solve(byte[] flags, float[] t, int cols, int i1, int j1, int i2, int j2)
    {
        double a11 = t[(i1 * cols) + j1], a22 = t[(i2 * cols) + j2], m12 = Math.Min(a11, a22);
        bool known1 = flags[(i1 * cols) + j1] != Inside, known2 = flags[(i2 * cols) + j2] != Inside;
        double solution = known1
            ? known2
                ? Math.Abs(a11 - a22) >= 1.0 ? 1 + m12 : (a11 + a22 + Math.Sqrt(2 - ((a11 - a22) * (a11 - a22)))) * 0.5
                : 1 + a11
            : known2 ? 1 + a22 : 1 + m12;
        return (float)solution;
    }

    private static bool HasHoleWithin(byte[] flags, int rows, int cols, int i, int j, int range)
    {
        for (int k = Math.Max(0, i - range); k <= Math.Min(rows - 1, i + range); k++)
        {
            for (int l = Math.Max(0, j - range); l <= Math.Min(cols - 1, j + range); l++)
            {
                if (flags[(k * cols) + l] == Inside)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static (int, int)[] Neighbours(int i, int j) => [(i - 1, j), (i, j - 1), (i + 1, j), (i, j + 1)];
}
