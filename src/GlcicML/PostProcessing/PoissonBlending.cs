namespace GlcicML.PostProcessing;

/// <summary>
/// Poisson image blending (Pérez et al. 2003) with OpenCV's <c>seamlessClone(NORMAL_CLONE)</c> semantics, source and
/// destination aligned: over the holes' bounding box, the guidance field is the source's gradient where the hole
/// mask eroded by 3 pixels holds and the destination's gradient elsewhere; the box's edge keeps the destination's
/// values (Dirichlet), and the Poisson equation is solved exactly (a discrete sine transform, not iterations).
/// Unlike OpenCV, only hole pixels take the result: every pixel outside the holes is the destination's own.
/// </summary>
/// <remarks>
/// <para>
/// The erosion is what removes the colour seam: the source's jump at the hole's edge is replaced by the destination's
/// smooth gradient there, so the inside is shifted to meet the surroundings.
/// </para>
/// <para>
/// Differences from OpenCV 4.13, all deliberate: pixels outside the holes are never changed (OpenCV changes them
/// inside the box, by up to ~40 levels on photos); results are rounded to the nearest level (OpenCV truncates, which
/// lowers its output by half a level on average: the only difference left on the reference cases); the mask is never
/// written to (OpenCV writes into its mask argument); and holes touching the image border need no care. As in
/// OpenCV, hole pixels in the image's outermost ring and on the bounding box's edge keep the destination's value
/// (there is no known value beyond them to solve against).
/// </para>
/// </remarks>
public static class PoissonBlending
{
    private const int ErosionRadius = 3;

    /// <summary>Blends <paramref name="source"/>'s holes into <paramref name="destination"/>.</summary>
    /// <param name="source">The image whose content inside the holes is kept up to a smooth shift (the network's composite).</param>
    /// <param name="destination">The image around the holes (the fast-marching result, in the authors' pipeline).</param>
    /// <param name="mask">The holes.</param>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public static RgbImage Blend(RgbImage source, RgbImage destination, InpaintingMask mask)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(mask);
        if (!mask.HasSizeOf(source) || !mask.HasSizeOf(destination))
        {
            throw new ArgumentException($"Source {source.Width}x{source.Height}, destination {destination.Width}x{destination.Height} and mask {mask.Width}x{mask.Height} must have the same size.");
        }

        PixelRectangle? bounds = InnerHoleBounds(mask);
        if (bounds is not { Width: >= 3, Height: >= 3 } box)
        {
            return destination; // no interior to solve: the destination already holds the answer
        }

        int w = box.Width, h = box.Height, iw = w - 2, ih = h - 2;
        bool[] inBox = BoxMask(mask, box);
        bool[] eroded = Erode(inBox, w, h);
        byte[] result = destination.Pixels.ToArray();
        var field = new float[iw * ih];
        byte[] src = source.Buffer, dst = destination.Buffer; // read only: local functions cannot capture spans
        int stride = source.Width * 3;
        for (int c = 0; c < 3; c++)
        {
            float D(int x, int y) => dst[((box.Y + y) * stride) + ((box.X + x) * 3) + c];
            float S(int x, int y) => inBox[(y * w) + x] ? src[((box.Y + y) * stride) + ((box.X + x) * 3) + c] : 0f;
            float Gx(int x, int y) => eroded[(y * w) + x] ? S(x + 1, y) - S(x, y) : D(x + 1, y) - D(x, y);
            float Gy(int x, int y) => eroded[(y * w) + x] ? S(x, y + 1) - S(x, y) : D(x, y + 1) - D(x, y);
            for (int y = 1; y <= ih; y++)
            {
                for (int x = 1; x <= iw; x++)
                {
                    float value = Gx(x, y) - Gx(x - 1, y) + Gy(x, y) - Gy(x, y - 1);
                    // Dirichlet values on the box's edge move to the right-hand side.
                    if (x == 1)
                    {
                        value -= D(0, y);
                    }

                    if (x == iw)
                    {
                        value -= D(w - 1, y);
                    }

                    if (y == 1)
                    {
                        value -= D(x, 0);
                    }

                    if (y == ih)
                    {
                        value -= D(x, h - 1);
                    }

                    field[((y - 1) * iw) + x - 1] = value;
                }
            }

            DirichletPoissonSolver.Solve(field, iw, ih);
            for (int y = 1; y <= ih; y++)
            {
                for (int x = 1; x <= iw; x++)
                {
                    if (inBox[(y * w) + x])
                    {
                        // Rounded, where OpenCV truncates: truncation biases every result down by half a level.
                        float u = field[((y - 1) * iw) + x - 1];
                        result[((box.Y + y) * stride) + ((box.X + x) * 3) + c] = u < 0 ? (byte)0 : u > 255 ? (byte)255 : (byte)(u + 0.5f);
                    }
                }
            }
        }

        return new RgbImage(destination.Width, destination.Height, result);
    }

    /// <summary>The bounding box of the hole pixels not in the image's outermost ring (which OpenCV zeroes first).</summary>
    private static PixelRectangle? InnerHoleBounds(InpaintingMask mask)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 1; y < mask.Height - 1; y++)
        {
            ReadOnlySpan<byte> row = mask.GetRow(y)[1..^1];
            int first = row.IndexOf((byte)1);
            if (first < 0)
            {
                continue;
            }

            minX = Math.Min(minX, first + 1);
            maxX = Math.Max(maxX, row.LastIndexOf((byte)1) + 1);
            minY = Math.Min(minY, y);
            maxY = y;
        }

        return maxX < 0 ? null : new PixelRectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static bool[] BoxMask(InpaintingMask mask, PixelRectangle box)
    {
        var inBox = new bool[box.Area];
        for (int y = 0; y < box.Height; y++)
        {
            ReadOnlySpan<byte> row = mask.GetRow(box.Y + y).Slice(box.X, box.Width);
            for (int x = 0; x < box.Width; x++)
            {
                inBox[(y * box.Width) + x] = row[x] != 0;
            }
        }

        return inBox;
    }

    /// <summary>
    /// Erosion by a 7×7 square (OpenCV's 3×3 kernel, 3 iterations) with everything outside the box counted as known,
    /// as OpenCV's erosion of its box view of the whole mask sees it. Separable: rows, then columns.
    /// </summary>
    private static bool[] Erode(bool[] mask, int width, int height) =>
        ErodeAlong(ErodeAlong(mask, width, height, horizontal: true), width, height, horizontal: false);

    /// <summary>One pass of the separable erosion: a pixel stays when every pixel within the radius along one axis is set.</summary>
    private static bool[] ErodeAlong(bool[] mask, int width, int height, bool horizontal)
    {
        var result = new bool[mask.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool all = true;
                for (int d = -ErosionRadius; d <= ErosionRadius && all; d++)
                {
                    int xx = horizontal ? x + d : x, yy = horizontal ? y : y + d;
                    all = xx >= 0 && xx < width && yy >= 0 && yy < height && mask[(yy * width) + xx];
                }

                result[(y * width) + x] = all;
            }
        }

        return result;
    }
}
