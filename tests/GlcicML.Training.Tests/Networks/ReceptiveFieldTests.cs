using GlcicML.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Networks;

/// <summary>
/// The paper's 307×307 receptive field. The network has a total stride of 4 and two 4×4 stride-2 transposed layers,
/// so which input pixels reach an output pixel depends on the pixel's position modulo 4: a single pixel sees 299 or
/// 303 pixels per side, and the four positions of one 4×4 output cell together see exactly 307, the paper's figure.
/// </summary>
[Collection("Torch")]
public class ReceptiveFieldTests
{
    private const int Size = 384;

    [Fact]
    public void CentreOutputCell_DependsOnExactlyA307x307InputRegion_AndEachPixelOn299Or303()
    {
        using var network = PositiveThinNetwork();
        var spans = new List<(int First, int Last)>();
        foreach (int position in new[] { 190, 191, 192, 193 })
        {
            (int first, int last, bool contiguous) = DependentRows(network, position);
            Assert.True(contiguous, $"the region of output row {position} has gaps");
            spans.Add((first, last));
        }

        int[] sizes = spans.Select(s => s.Last - s.First + 1).ToArray();
        Assert.All(sizes, size => Assert.Contains(size, new[] { 299, 303 }));
        Assert.Equal(307, spans.Max(s => s.Last) - spans.Min(s => s.First) + 1);
    }

    [Fact]
    public void CentreOutputPixel_RegionIsSquare()
    {
        using var network = PositiveThinNetwork();
        using Tensor input = ones(1, 4, Size, Size, requires_grad: true);
        using Tensor output = network.call(input);
        using Tensor centre = output[0, 0, Size / 2, Size / 2];
        centre.backward();
        using DisposeScope scope = NewDisposeScope();
        using Scalar zero = 0.ToScalar();
        Tensor touched = input.grad!.abs().sum(dim: [0, 1]).gt(zero);

        long rows = touched.any(dim: 1).sum().item<long>();
        long columns = touched.any(dim: 0).sum().item<long>();

        Assert.Equal(rows, columns);
        Assert.Equal(rows * columns, touched.sum().item<long>());
    }

    /// <summary>
    /// Channel widths do not change which pixels are connected, so a thin network keeps this fast; the layer structure
    /// (kernels, strides, dilations, transposed layers) is the paper's. Positive weights keep every ReLU open, so no
    /// connection is hidden by a dead unit; eval mode makes batch norm a per-channel affine map.
    /// </summary>
    private static CompletionNetwork PositiveThinNetwork()
    {
        var network = new CompletionNetwork(1.0 / 16);
        network.eval();
        using (no_grad())
        {
            foreach (var parameter in network.parameters())
            {
                parameter.uniform_(0.01, 0.02);
            }
        }

        return network;
    }

    private static (int First, int Last, bool Contiguous) DependentRows(CompletionNetwork network, int position)
    {
        using Tensor input = ones(1, 4, Size, Size, requires_grad: true);
        using Tensor output = network.call(input);
        using Tensor pixel = output[0, 0, position, position];
        pixel.backward();
        using DisposeScope scope = NewDisposeScope();
        using Scalar zero = 0.ToScalar();
        Tensor rows = input.grad!.abs().sum(dim: [0, 1, 3]).gt(zero);
        int[] touched = Enumerable.Range(0, Size).Where(r => rows[r].item<bool>()).ToArray();
        return (touched[0], touched[^1], touched.Length == touched[^1] - touched[0] + 1);
    }
}
