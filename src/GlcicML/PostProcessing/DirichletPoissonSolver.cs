using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace GlcicML.PostProcessing;

/// <summary>
/// Solves the 5-point Poisson equation Δu = f on a rectangle's interior with u given on its edge (Dirichlet), exactly
/// (up to float rounding): a discrete sine transform (DST-I) along the shorter axis diagonalises that axis's second
/// difference, leaving one tridiagonal system per frequency along the other axis (Thomas algorithm, vectorised across
/// frequencies). The DST is a product with the sine matrix, done with SIMD dot products. This is the same linear
/// system OpenCV's seamlessClone solves with a 2-D DST.
/// </summary>
internal static class DirichletPoissonSolver
{
    private static readonly ConcurrentDictionary<int, float[]> s_sineMatrices = new();

    /// <summary>
    /// Solves in place. <paramref name="field"/> holds f for the interior (rows of <paramref name="width"/> values) with
    /// the boundary's contribution already moved to the right-hand side (zero Dirichlet); on return it holds u.
    /// </summary>
    public static void Solve(float[] field, int width, int height)
    {
        if (width == 0 || height == 0)
        {
            return;
        }

        // Transform along the shorter axis: the DST costs O(long × short²).
        bool transformRows = width <= height;
        int n = transformRows ? width : height;   // transformed axis
        int m = transformRows ? height : width;   // tridiagonal axis
        float[] lines = transformRows ? field : Transpose(field, width, height);
        float[] sine = SineMatrix(n);
        float[] spectrum = new float[m * n];
        Dst(lines, spectrum, sine, m, n);
        SolveTridiagonal(spectrum, m, n);
        Dst(spectrum, lines, sine, m, n);
        float scale = 2f / (n + 1); // DST-I is its own inverse up to 2/(n+1)
        TensorPrimitives.Multiply(lines, scale, lines);
        if (!transformRows)
        {
            float[] back = Transpose(lines, height, width);
            back.CopyTo(field, 0);
        }
    }

    /// <summary>For each of <paramref name="m"/> lines of length <paramref name="n"/>: out[k] = Σ_j in[j]·sin(π(j+1)(k+1)/(n+1)).</summary>
    private static void Dst(float[] input, float[] output, float[] sine, int m, int n)
    {
        for (int line = 0; line < m; line++)
        {
            ReadOnlySpan<float> source = input.AsSpan(line * n, n);
            Span<float> target = output.AsSpan(line * n, n);
            for (int k = 0; k < n; k++)
            {
                target[k] = TensorPrimitives.Dot(source, sine.AsSpan(k * n, n));
            }
        }
    }

    /// <summary>
    /// Along the untransformed axis, frequency k satisfies û[i−1] + (2cos(π(k+1)/(n+1)) − 4)·û[i] + û[i+1] = f̂[i] with
    /// û = 0 beyond both ends. The diagonal dominates (|d| > 2), so the Thomas algorithm is stable.
    /// </summary>
    private static void SolveTridiagonal(float[] spectrum, int m, int n)
    {
        var diagonal = new float[n];
        for (int k = 0; k < n; k++)
        {
            diagonal[k] = (float)((2 * Math.Cos(Math.PI * (k + 1) / (n + 1))) - 4);
        }

        // Forward sweep: c'[i] = 1 / (d − c'[i−1]); f'[i] = (f[i] − f'[i−1]) · c'[i]. c' depends on (i, k) only.
        var factors = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            Span<float> c = factors.AsSpan(i * n, n);
            Span<float> f = spectrum.AsSpan(i * n, n);
            if (i == 0)
            {
                TensorPrimitives.Reciprocal(diagonal, c);
            }
            else
            {
                ReadOnlySpan<float> cPrevious = factors.AsSpan((i - 1) * n, n);
                TensorPrimitives.Subtract(diagonal, cPrevious, c);
                TensorPrimitives.Reciprocal(c, c);
                TensorPrimitives.Subtract(f, spectrum.AsSpan((i - 1) * n, n), f);
            }

            TensorPrimitives.Multiply(f, c, f);
        }

        // Back substitution: u[i] = f'[i] − c'[i]·u[i+1].
        var temp = new float[n];
        for (int i = m - 2; i >= 0; i--)
        {
            Span<float> f = spectrum.AsSpan(i * n, n);
            TensorPrimitives.Multiply(factors.AsSpan(i * n, n), spectrum.AsSpan((i + 1) * n, n), temp);
            TensorPrimitives.Subtract(f, temp, f);
        }
    }

    /// <summary>The n×n DST-I matrix, cached per size (it is symmetric, so row k is also column k).</summary>
    private static float[] SineMatrix(int n) => s_sineMatrices.GetOrAdd(n, size =>
    {
        // sin(π·p/(n+1)) for p = (j+1)(k+1) mod 2(n+1), from one table.
        int period = 2 * (size + 1);
        var table = new float[period];
        for (int p = 0; p < period; p++)
        {
            table[p] = (float)Math.Sin(Math.PI * p / (size + 1));
        }

        var matrix = new float[size * size];
        for (int k = 0; k < size; k++)
        {
            for (int j = 0; j < size; j++)
            {
                matrix[(k * size) + j] = table[(int)((long)(j + 1) * (k + 1) % period)];
            }
        }

        if (s_sineMatrices.Count > 32)
        {
            s_sineMatrices.Clear();
        }

        return matrix;
    });

    private static float[] Transpose(float[] source, int width, int height)
    {
        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                result[(x * height) + y] = source[(y * width) + x];
            }
        }

        return result;
    }
}
