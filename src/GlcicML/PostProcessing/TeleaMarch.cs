using System.Buffers;

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

        /// <summary>The value at flat (unpadded) pixel index <paramref name="index"/> = y · width + x.</summary>
        float Get(int index, int channel);

        void Set(int index, int channel, float value);
    }

    public static void Run<TPixels>(InpaintingMask mask, int range, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        int rows = mask.Height + 2, cols = mask.Width + 2, size = rows * cols;

        // Everything the march reads lies within range + 1 of a hole, so the set-up passes cover only the holes'
        // bounding box widened by range + 2 (in padded indices); the fields are pooled, so batch runs do not churn
        // the large-object heap.
        (int top, int left, int bottom, int right) = Region(mask, range + 2);
        byte[] flags = ArrayPool<byte>.Shared.Rent(size), outside = ArrayPool<byte>.Shared.Rent(size);
        float[] t = ArrayPool<float>.Shared.Rent(size);
        try
        {
            Array.Clear(flags, 0, size);
            Array.Clear(outside, 0, size);
            Array.Fill(t, Far, 0, size);
            ReadOnlySpan<byte> holes = mask.Values;
            for (int i = Math.Max(1, top); i <= Math.Min(rows - 2, bottom); i++)
            {
                ReadOnlySpan<byte> row = holes.Slice((i - 1) * mask.Width, mask.Width);
                for (int j = Math.Max(1, left); j <= Math.Min(cols - 2, right); j++)
                {
                    if (row[j - 1] != 0)
                    {
                        flags[(i * cols) + j] = Inside;
                    }
                }
            }

            // The narrow band: known pixels with a 4-neighbour in a hole (the border ring excluded), arrival time 0.
            using var front = new MarchingQueue(size, rows + cols);
            using var outsideFront = new MarchingQueue(size, range + 2);
            for (int i = Math.Max(1, top); i <= Math.Min(rows - 2, bottom); i++)
            {
                for (int j = Math.Max(1, left); j <= Math.Min(cols - 2, right); j++)
                {
                    int p = (i * cols) + j;
                    if (flags[p] != Inside && (flags[p - 1] == Inside || flags[p + 1] == Inside || flags[p - cols] == Inside || flags[p + cols] == Inside))
                    {
                        outside[p] = Band;
                        t[p] = 0;
                        front.Push(p, 0);
                        outsideFront.Push(p, 0);
                    }
                }
            }

            MarchOutside(flags, outside, t, rows, cols, range, (top, left, bottom, right), outsideFront);
            MarchInside(flags, t, rows, cols, range, front, ref pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(flags);
            ArrayPool<byte>.Shared.Return(outside);
            ArrayPool<float>.Shared.Return(t);
        }
    }

    /// <summary>The holes' bounding box widened by <paramref name="margin"/>, in padded indices (top, left, bottom, right; inclusive).</summary>
    private static (int Top, int Left, int Bottom, int Right) Region(InpaintingMask mask, int margin)
    {
        int top = int.MaxValue, left = int.MaxValue, bottom = -1, right = -1;
        for (int y = 0; y < mask.Height; y++)
        {
            ReadOnlySpan<byte> row = mask.GetRow(y);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                (top, bottom) = (Math.Min(top, y), y);
                (left, right) = (Math.Min(left, first), Math.Max(right, row.LastIndexOfAnyExcept((byte)0)));
            }
        }

        // Padded index = unpadded + 1.
        return (Math.Max(0, top + 1 - margin), Math.Max(0, left + 1 - margin), Math.Min(mask.Height + 1, bottom + 1 + margin), Math.Min(mask.Width + 1, right + 1 + margin));
    }

    /// <summary>
    /// Arrival times of the known pixels within <paramref name="range"/> of the holes, marched outwards from the band
    /// (marked <see cref="Band"/> in <paramref name="outside"/>) and negated.
    /// </summary>
    private static void MarchOutside(byte[] flags, byte[] outside, float[] t, int rows, int cols, int range, (int Top, int Left, int Bottom, int Right) region, MarchingQueue queue)
    {
        // The ring to march through: known pixels within the (2·range+1) square of a hole pixel, minus the band and the border.
        MarkNearHoles(flags, outside, cols, range, region);
        var changed = new List<int>();
        while (queue.TryPop(out int popped))
        {
            outside[popped] = Change;
            changed.Add(popped);
            int pi = popped / cols, pj = popped - (pi * cols);
            for (int n = 0; n < 4; n++)
            {
                (int i, int j) = n switch { 0 => (pi - 1, pj), 1 => (pi, pj - 1), 2 => (pi + 1, pj), _ => (pi, pj + 1) };
                int q = (i * cols) + j;
                if (i <= 0 || j <= 0 || i >= rows - 1 || j >= cols - 1 || outside[q] != Inside)
                {
                    continue;
                }

                float dist = Arrival(outside, t, cols, i, j);
                t[q] = dist;
                outside[q] = Band;
                queue.Push(q, dist);
            }
        }

        foreach (int p in changed)
        {
            t[p] = -t[p];
        }
    }

    private static void MarchInside<TPixels>(byte[] flags, float[] t, int rows, int cols, int range, MarchingQueue queue, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        Neighbourhood neighbourhood = Neighbourhood.Within(range);
        while (queue.TryPop(out int popped))
        {
            flags[popped] = Known;
            int pi = popped / cols, pj = popped - (pi * cols);
            for (int n = 0; n < 4; n++)
            {
                (int i, int j) = n switch { 0 => (pi - 1, pj), 1 => (pi, pj - 1), 2 => (pi + 1, pj), _ => (pi, pj + 1) };
                int q = (i * cols) + j;
                if (i <= 0 || j <= 0 || i > rows - 1 || j > cols - 1 || flags[q] != Inside)
                {
                    continue;
                }

                float dist = Arrival(flags, t, cols, i, j);
                t[q] = dist;
                (float gradTx, float gradTy) = TimeGradient(flags, t, cols, i, j);
                Colour(flags, t, rows, cols, neighbourhood, i, j, gradTx, gradTy, ref pixels);
                flags[q] = Band;
                queue.Push(q, dist);
            }
        }
    }

    /// <summary>
    /// Sets the pixel's three channels to the weighted average of known neighbours plus the (unit-length) gradient
    /// term, as OpenCV computes it channel by channel; the weights do not depend on the channel, so they are computed once.
    /// </summary>
    private static void Colour<TPixels>(byte[] flags, float[] t, int rows, int cols, Neighbourhood neighbourhood, int i, int j, float gradTx, float gradTy, ref TPixels pixels)
        where TPixels : struct, IPixels
    {
        Span<float> ia = [0, 0, 0], jx = [0, 0, 0], jy = [0, 0, 0];
        float s = 1.0e-20f;
        float tij = t[(i * cols) + j];
        int width = cols - 2;
        for (int n = 0; n < neighbourhood.Count; n++)
        {
            int k = i + neighbourhood.DY[n], l = j + neighbourhood.DX[n];
            if (k <= 0 || l <= 0 || k >= rows - 1 || l >= cols - 1)
            {
                continue;
            }

            int q = (k * cols) + l;
            if (flags[q] == Inside)
            {
                continue;
            }

            float ry = i - k, rx = j - l;
            // 1 + |Δt| in double, as OpenCV's C fabs computes it: in float, stroke masks come out a level off here and there.
            float lev = (float)(1.0 / (1 + Math.Abs((double)(t[q] - tij))));
            float dir = (rx * gradTx) + (ry * gradTy);
            if (MathF.Abs(dir) <= 0.01f)
            {
                dir = 0.000001f;
            }

            float w = MathF.Abs(neighbourhood.Distance[n] * lev * dir);

            // OpenCV's image rows and columns for the gradients, shifted inwards at the first and last ones; the value
            // itself is read at the neighbour, unshifted (as OpenCV does since 4.10).
            int km = k - 1 + (k == 1 ? 1 : 0), kp = k - 1 - (k == rows - 2 ? 1 : 0);
            int lm = l - 1 + (l == 1 ? 1 : 0), lp = l - 1 - (l == cols - 2 ? 1 : 0);
            bool rightKnown = flags[q + 1] != Inside, leftKnown = flags[q - 1] != Inside;
            bool belowKnown = flags[q + cols] != Inside, aboveKnown = flags[q - cols] != Inside;
            int row = km * width, value = ((k - 1) * width) + l - 1;
            for (int c = 0; c < 3; c++)
            {
                float gradIx = rightKnown
                    ? leftKnown ? (pixels.Get(row + lp + 1, c) - pixels.Get(row + lm - 1, c)) * 2.0f : pixels.Get(row + lp + 1, c) - pixels.Get(row + lm, c)
                    : leftKnown ? pixels.Get(row + lp, c) - pixels.Get(row + lm - 1, c) : 0;
                float gradIy = belowKnown
                    ? aboveKnown ? (pixels.Get(((kp + 1) * width) + lm, c) - pixels.Get(((km - 1) * width) + lm, c)) * 2.0f : pixels.Get(((kp + 1) * width) + lm, c) - pixels.Get(row + lm, c)
                    : aboveKnown ? pixels.Get((kp * width) + lm, c) - pixels.Get(((km - 1) * width) + lm, c) : 0;
                ia[c] += w * pixels.Get(value, c);
                jx[c] -= w * (gradIx * rx);
                jy[c] -= w * (gradIy * ry);
            }

            s += w;
        }

        int index = ((i - 1) * width) + j - 1;
        for (int c = 0; c < 3; c++)
        {
            pixels.Set(index, c, (ia[c] / s) + ((jx[c] + jy[c]) / (MathF.Sqrt((jx[c] * jx[c]) + (jy[c] * jy[c])) + 1.0e-20f) * pixels.GradientUnit));
        }
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

    /// <summary>
    /// Marks <see cref="Inside"/> in <paramref name="outside"/> every known, non-band, non-border point with a hole
    /// within the (2·range+1) square around it: a separable dilation of the holes over the region, rows then columns.
    /// </summary>
    private static void MarkNearHoles(byte[] flags, byte[] outside, int cols, int range, (int Top, int Left, int Bottom, int Right) region)
    {
        int rows = flags.Length / cols;
        int width = region.Right - region.Left + 1, height = region.Bottom - region.Top + 1;
        bool[] rowsNear = ArrayPool<bool>.Shared.Rent(width * height), near = ArrayPool<bool>.Shared.Rent(width * height);
        int[] seen = ArrayPool<int>.Shared.Rent(width);
        try
        {
            // Rows: the last and next hole seen along each row of the region.
            for (int r = 0; r < height; r++)
            {
                int row = ((region.Top + r) * cols) + region.Left;
                for (int c = 0, last = int.MinValue / 2; c < width; c++)
                {
                    last = flags[row + c] == Inside ? c : last;
                    rowsNear[(r * width) + c] = c - last <= range;
                }

                for (int c = width - 1, next = int.MaxValue / 2; c >= 0; c--)
                {
                    next = flags[row + c] == Inside ? c : next;
                    rowsNear[(r * width) + c] |= next - c <= range;
                }
            }

            // Columns, row by row (cache-friendly): the last and next row-dilated hole in each column.
            Array.Fill(seen, int.MinValue / 2, 0, width);
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    seen[c] = rowsNear[(r * width) + c] ? r : seen[c];
                    near[(r * width) + c] = r - seen[c] <= range;
                }
            }

            Array.Fill(seen, int.MaxValue / 2, 0, width);
            for (int r = height - 1; r >= 0; r--)
            {
                int i = region.Top + r;
                for (int c = 0; c < width; c++)
                {
                    seen[c] = rowsNear[(r * width) + c] ? r : seen[c];
                    int j = region.Left + c, p = (i * cols) + j;
                    bool isNear = near[(r * width) + c] || seen[c] - r <= range;
                    if (isNear && i > 0 && j > 0 && i < rows - 1 && j < cols - 1 && flags[p] != Inside && outside[p] != Band)
                    {
                        outside[p] = Inside;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(rowsNear);
            ArrayPool<bool>.Shared.Return(near);
            ArrayPool<int>.Shared.Return(seen);
        }
    }

    /// <summary>
    /// The offsets within the radius (the centre excluded), in OpenCV's visiting order (rows, then columns), with
    /// OpenCV's distance weight 1/|r|³ computed once per offset instead of once per visit.
    /// </summary>
    private sealed class Neighbourhood
    {
        private Neighbourhood(int[] dy, int[] dx, float[] distance) => (DY, DX, Distance) = (dy, dx, distance);

        public int[] DY { get; }

        public int[] DX { get; }

        public float[] Distance { get; }

        public int Count => DY.Length;

        public static Neighbourhood Within(int range)
        {
            List<(int DY, int DX, float Distance)> offsets = [];
            for (int dy = -range; dy <= range; dy++)
            {
                for (int dx = -range; dx <= range; dx++)
                {
                    int lengthSquared = (dx * dx) + (dy * dy);
                    if (lengthSquared == 0 || lengthSquared > range * range)
                    {
                        continue;
                    }

                    // The same float arithmetic as OpenCV's per-visit computation, so the weights are bit-identical.
                    float ls = lengthSquared;
                    offsets.Add((dy, dx, (float)(1.0 / (ls * Math.Sqrt(ls)))));
                }
            }

            return new Neighbourhood([.. offsets.Select(o => o.DY)], [.. offsets.Select(o => o.DX)], [.. offsets.Select(o => o.Distance)]);
        }
    }
}
