using System.Diagnostics;
using System.Globalization;
using GlcicML.Training.Native;
using GlcicML.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- training-profile [--width 0.375] [--crop 128] [--batch 16] [--repeats 5] [--precision fp32|bf16]</c>
/// <para>Where a completion-phase training step's time goes: the whole step (forward, hole-L1 loss, backward, Adam),
/// then each layer's forward and backward alone on its real input (median of the repeats), the optimizer step alone,
/// and what is left (the autograd graph, allocation, the loss). Each layer's GFLOP/s is beside the FMA ceiling
/// measured in the same run.</para>
/// </summary>
internal static class TrainingProfileBenchmark
{
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        double width = double.Parse(Arg("--width", "0.375"), CultureInfo.InvariantCulture);
        int crop = int.Parse(Arg("--crop", "128"), CultureInfo.InvariantCulture), batch = int.Parse(Arg("--batch", "16"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(Arg("--repeats", "5"), CultureInfo.InvariantCulture);
        int channelMultiple = int.Parse(Arg("--channel-multiple", "1"), CultureInfo.InvariantCulture);
        double peak = FmaPeak.Measure(Environment.ProcessorCount);
        string heap = NativeHeap.KeepFreedMemory(); // as a training session does

        random.manual_seed(1);
        ComputePrecision precision = Arg("--precision", "fp32") == "bf16" ? ComputePrecision.BFloat16 : ComputePrecision.Float32;
        using var network = new CompletionNetwork(width, channelMultiple: channelMultiple);
        ConvBlock.SetPrecision(network, precision);
        network.train();
        using var optimizer = new GlcicML.Training.Training.KeptAlive.Adam(network.parameters(), 4e-4, 0.9, 0.999, 1e-8);
        using Tensor input = rand(batch, 4, crop, crop);
        using Tensor target = rand(batch, 3, crop, crop);
        using Tensor mask = rand(batch, 1, crop, crop).gt(0.7).to(float32);

        // The whole step, as training runs it.
        double Step()
        {
            using DisposeScope scope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            optimizer.zero_grad();
            Tensor loss = network.call(input).sub(target).mul(mask).abs().sum().div(mask.sum().mul(3));
            loss.backward();
            optimizer.step();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Step();
        Step();
        double step = BenchmarkSupport.Median(Enumerable.Range(0, repeats).Select(_ => Step()));
        double optimizerStep = BenchmarkSupport.Median(Enumerable.Range(0, repeats).Select(_ =>
        {
            long start = Stopwatch.GetTimestamp();
            optimizer.step();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }));

        // Each layer's real input, then its forward and backward alone.
        var inputs = new List<Tensor>();
        using (no_grad())
        {
            Tensor x = input;
            foreach (ConvBlock layer in network.Layers)
            {
                inputs.Add(x.detach().clone());
                x = layer.call(x);
            }
        }

        Console.WriteLine($"layout: {OneDnnPolicy.Report}; convolutions in {precision}; {Environment.ProcessorCount} threads; FMA ceiling {peak:F0} GFLOP/s; {heap}");
        Console.WriteLine();
        Console.WriteLine("| layer | in → out, kernel, dilation, stride | input | GFLOP fwd | fwd ms | bwd ms | fwd GFLOP/s | bwd GFLOP/s | share of the ceiling (fwd / bwd) |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        double totalForward = 0, totalBackward = 0;
        int size = crop;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            ConvBlock layer = network.Layers[i];
            LayerSpec s = layer.Spec;
            double flops = 2 * TrainingSpeedBenchmark.ForwardMultiplyAdds([s], size) * batch;
            var forward = new List<double>();
            var backward = new List<double>();
            for (int r = 0; r < repeats + 1; r++)
            {
                using DisposeScope scope = NewDisposeScope();
                Tensor x = inputs[i].detach().requires_grad_(i > 0); // the first layer needs no input gradient, as in training
                network.zero_grad();
                long start = Stopwatch.GetTimestamp();
                Tensor y = layer.call(x);
                double f = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Tensor gradient = ones_like(y);
                start = Stopwatch.GetTimestamp();
                y.backward([gradient]);
                double b = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (r > 0)
                {
                    forward.Add(f);
                    backward.Add(b);
                }
            }

            double fm = BenchmarkSupport.Median(forward), bm = BenchmarkSupport.Median(backward);
            double backwardFlops = flops * (i > 0 ? 2 : 1);
            totalForward += fm;
            totalBackward += bm;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {s.InChannels}→{s.OutChannels}, {s.Kernel}×{s.Kernel}{(s.Transposed ? " transposed" : string.Empty)}, d{s.Dilation}, s{s.Stride} | {size}² | {flops / 1e9:F2} | {fm:F1} | {bm:F1} | {flops / fm / 1e6:F0} | {backwardFlops / bm / 1e6:F0} | {flops / fm / 1e6 / peak:P0} / {backwardFlops / bm / 1e6 / peak:P0} |"));
            size = s.Transposed ? size * s.Stride : ((size - 1) / s.Stride) + 1;
        }

        // Each hidden layer's forward and backward split into its parts: convolution, batch norm, ReLU.
        Console.WriteLine();
        Console.WriteLine("| layer | conv fwd / bwd ms | batch norm fwd / bwd ms | ReLU fwd / bwd ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (int i = 0; i < network.Layers.Count; i++)
        {
            ConvBlock layer = network.Layers[i];
            if (layer.Norm is null)
            {
                continue;
            }

            var times = new List<double>[6];
            for (int k = 0; k < 6; k++)
            {
                times[k] = [];
            }

            for (int r = 0; r < repeats + 1; r++)
            {
                using DisposeScope scope = NewDisposeScope();
                network.zero_grad();
                Tensor x = inputs[i].detach().requires_grad_(i > 0);
                double[] t = new double[6];
                long start = Stopwatch.GetTimestamp();
                Tensor c = ConvolutionCheck.Run(layer.Spec, x, layer.Weight, layer.Bias, precision);
                t[0] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Tensor cIn = c.detach().requires_grad_(true);
                start = Stopwatch.GetTimestamp();
                Tensor n = layer.Normalize(cIn);
                t[2] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Tensor nIn = n.detach().requires_grad_(true);
                start = Stopwatch.GetTimestamp();
                Tensor a = nn.functional.relu(nIn);
                t[4] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                a.backward([ones_like(a)]);
                t[5] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Tensor gn = nIn.grad!.clone();
                start = Stopwatch.GetTimestamp();
                n.backward([gn]);
                t[3] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Tensor gc = cIn.grad!.clone();
                start = Stopwatch.GetTimestamp();
                c.backward([gc]);
                t[1] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (r > 0)
                {
                    for (int k = 0; k < 6; k++)
                    {
                        times[k].Add(t[k]);
                    }
                }
            }

            double[] m = [.. times.Select(BenchmarkSupport.Median)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {m[0]:F1} / {m[1]:F1} | {m[2]:F1} / {m[3]:F1} | {m[4]:F1} / {m[5]:F1} |"));
        }

        inputs.ForEach(t => t.Dispose());
        double total = 3 * 2 * TrainingSpeedBenchmark.ForwardMultiplyAdds(CompletionNetworkSpec.Layers(width, channelMultiple), crop) * batch;
        Console.WriteLine();
        Console.WriteLine("| part | ms per step | share of the step |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| whole step ({batch} crops of {crop}², {total / step / 1e6:F0} GFLOP/s = {total / step / 1e6 / peak:P0} of the ceiling) | {step:F1} | 100 % |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| layers' forward (conv + batch norm + ReLU) | {totalForward:F1} | {totalForward / step:P0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| layers' backward | {totalBackward:F1} | {totalBackward / step:P0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Adam step | {optimizerStep:F1} | {optimizerStep / step:P0} |"));
        double rest = step - totalForward - totalBackward - optimizerStep;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the rest (loss, graph, allocation) | {rest:F1} | {rest / step:P0} |"));
        return 0;
    }
}
