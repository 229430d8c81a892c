using GlcicML.Evaluation;
using TorchSharp.Modules;

namespace GlcicML.Training.Evaluation;

/// <summary>
/// The naturalness judge (<see cref="INaturalnessJudge"/>): a small CNN (three stride-2 3×3 convolutions of 16, 32
/// and 64 channels with batch norm and ReLU, global average pooling, one logit) trained with Adam to tell real
/// patches (label 1) from candidate ones (label 0), in k folds split by source image; the score is the accuracy over
/// every held-out prediction. Training sees each patch also mirrored and flipped. Runs on one CPU thread so the same
/// seed gives the same score; seconds for a few hundred 64-px patches.
/// </summary>
public sealed class NaturalnessJudge : INaturalnessJudge
{
    /// <summary>Folds (images are split among them). The default is 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Training passes over each fold's training patches. The default is 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Patches per optimizer step. The default is 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate. The default is 0.002.</summary>
    public double LearningRate { get; init; } = 0.002;

    /// <inheritdoc />
    public NaturalnessScore Judge(IReadOnlyList<RgbImage> real, IReadOnlyList<RgbImage> candidate, IReadOnlyList<int> groups, int seed)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(groups);
        if (real.Count != candidate.Count || real.Count != groups.Count || real.Count == 0)
        {
            throw new ArgumentException($"The judge needs as many real patches as candidate ones and a group for each pair; got {real.Count}, {candidate.Count} and {groups.Count}.");
        }

        int side = real[0].Width;
        if (real.Concat(candidate).Any(p => p.Width != side || p.Height != side))
        {
            throw new ArgumentException($"Every patch must be {side}x{side}, as the first one.");
        }

        int[] distinct = [.. groups.Distinct().Order()];
        int folds = Math.Min(Folds, distinct.Length);
        if (folds < 2)
        {
            throw new ArgumentException($"The judge needs patches from at least 2 images to hold some out; got {distinct.Length}.");
        }

        // Seeded assignment of images to folds.
        var random = new MaskRandom(MaskRandom.Mix((ulong)(uint)seed, 0x4A0D6E));
        int[] order = [.. distinct];
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(0, i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        Dictionary<int, int> foldOf = order.Select((g, i) => (g, i % folds)).ToDictionary(p => p.g, p => p.Item2);
        TorchSharpRuntime.EnsureLoaded();
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            int correct = 0, tested = 0;
            for (int fold = 0; fold < folds; fold++)
            {
                int[] train = [.. Enumerable.Range(0, real.Count).Where(i => foldOf[groups[i]] != fold)];
                int[] test = [.. Enumerable.Range(0, real.Count).Where(i => foldOf[groups[i]] == fold)];
                (int right, int count) = TrainAndTest(real, candidate, train, test, side, seed * 31 + fold);
                correct += right;
                tested += count;
            }

            return NaturalnessScore.FromCounts(correct, tested, folds);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private (int Correct, int Count) TrainAndTest(IReadOnlyList<RgbImage> real, IReadOnlyList<RgbImage> candidate, int[] train, int[] test, int side, int seed)
    {
        using DisposeScope scope = NewDisposeScope();
        random.manual_seed(seed);
        using var network = new Classifier();
        using var optimizer = new Training.KeptAlive.Adam(network.parameters(), LearningRate, 0.9, 0.999, 1e-8);

        // Both classes of every training pair, each in four orientations.
        var samples = train.SelectMany(i => new[] { (real[i], 1f), (candidate[i], 0f) })
            .SelectMany(s => Enumerable.Range(0, 4).Select(o => (s.Item1, s.Item2, o))).ToArray();
        var shuffle = new MaskRandom(MaskRandom.Mix((ulong)(uint)seed, 0x5B));
        network.train();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int i = samples.Length - 1; i > 0; i--)
            {
                int j = shuffle.NextInt(0, i);
                (samples[i], samples[j]) = (samples[j], samples[i]);
            }

            for (int start = 0; start < samples.Length; start += BatchSize)
            {
                using DisposeScope step = NewDisposeScope();
                var batch = samples.AsSpan(start, Math.Min(BatchSize, samples.Length - start)).ToArray();
                if (batch.Length < 2)
                {
                    continue; // batch norm needs two samples
                }

                Tensor input = Batch(batch.Select(b => (b.Item1, b.o)).ToArray(), side);
                Tensor labels = tensor(batch.Select(b => b.Item2).ToArray(), [batch.Length, 1]);
                optimizer.zero_grad();
                nn.functional.binary_cross_entropy_with_logits(network.call(input), labels).backward();
                optimizer.step();
            }
        }

        network.eval();
        int correct = 0;
        using (no_grad())
        {
            foreach ((IReadOnlyList<RgbImage> patches, bool isReal) in new[] { (real, true), (candidate, false) })
            {
                for (int start = 0; start < test.Length; start += BatchSize)
                {
                    using DisposeScope step = NewDisposeScope();
                    int[] chunk = test[start..Math.Min(test.Length, start + BatchSize)];
                    float[] logits = network.call(Batch([.. chunk.Select(i => (patches[i], 0))], side)).data<float>().ToArray();
                    correct += logits.Count(l => (l > 0) == isReal);
                }
            }
        }

        return (correct, 2 * test.Length);
    }

    /// <summary>N×3×side×side in [-1, 1]; orientation 1 mirrors, 2 flips, 3 does both.</summary>
    private static Tensor Batch((RgbImage Patch, int Orientation)[] items, int side)
    {
        int plane = side * side;
        var data = new float[items.Length * 3 * plane];
        for (int n = 0; n < items.Length; n++)
        {
            ReadOnlySpan<byte> p = items[n].Patch.Pixels;
            bool mirror = (items[n].Orientation & 1) != 0, flip = (items[n].Orientation & 2) != 0;
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    int source = ((flip ? side - 1 - y : y) * side) + (mirror ? side - 1 - x : x);
                    for (int c = 0; c < 3; c++)
                    {
                        data[(((n * 3) + c) * plane) + (y * side) + x] = (p[(3 * source) + c] / 127.5f) - 1f;
                    }
                }
            }
        }

        return tensor(data, [items.Length, 3, side, side]);
    }

    private sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<ConvBlock> _layers = new(
            new ConvBlock(new LayerSpec(3, 16, 3, 2, 1, 1, false, true)),
            new ConvBlock(new LayerSpec(16, 32, 3, 2, 1, 1, false, true)),
            new ConvBlock(new LayerSpec(32, 64, 3, 2, 1, 1, false, true)));

        private readonly Linear _head = nn.Linear(64, 1);

        public Classifier()
            : base(nameof(NaturalnessJudge))
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor x = input;
            foreach (ConvBlock layer in _layers)
            {
                x = layer.call(x);
            }

            return scope.MoveToOuter(_head.call(x.mean([2, 3])));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _layers.Dispose();
                _head.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
