using System.Collections.Concurrent;

namespace GlcicML.Training.Data;

/// <summary>
/// Reads, prepares and packs batches on a background thread, a bounded number ahead of the trainer, so data
/// preparation overlaps with the network's compute. One producer keeps the order deterministic.
/// </summary>
internal sealed class BatchProducer : IDisposable
{
    private readonly BlockingCollection<TrainingBatch> _queue;
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private readonly GlcicTrainingOptions _options;
    private readonly MeanColor _mean;
    private long _skipped;
    private Exception? _failure;

    public BatchProducer(TrainingImages images, GlcicTrainingOptions options, MeanColor mean, SourcePosition start, long firstSample, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        _options = options;
        _mean = mean;
        _queue = new BlockingCollection<TrainingBatch>(options.PrefetchBatches);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _thread = new Thread(() => Produce(images, start, firstSample, skipped)) { IsBackground = true, Name = "GlcicML batch producer" };
        _thread.Start();
    }

    /// <summary>Images skipped as unreadable so far.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The next batch; waits while it is being prepared. Rethrows a failure of the data pipeline.</summary>
    public TrainingBatch Take(CancellationToken cancellationToken)
    {
        try
        {
            return _queue.Take(cancellationToken);
        }
        catch (InvalidOperationException) when (_queue.IsCompleted && _failure is not null)
        {
            throw new InvalidOperationException($"The training data pipeline failed: {_failure.Message}", _failure);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _queue.Dispose();
    }

    private void Produce(TrainingImages images, SourcePosition start, long firstSample, Action<string, string> skipped)
    {
        try
        {
            var preparer = new SamplePreparer(_options);
            long sample = firstSample;
            var pending = new List<TrainingSample>(_options.BatchSize);
            void Skip(string name, string reason)
            {
                Interlocked.Increment(ref _skipped);
                skipped(name, reason);
            }

            foreach (SourceImage source in UsableImages.Read(images, _options, start, Skip, _stop.Token))
            {
                pending.Add(preparer.Prepare(source.Image, sample++));
                if (pending.Count == _options.BatchSize)
                {
                    _queue.Add(Pack(pending, source.Next, sample), _stop.Token);
                    pending.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private TrainingBatch Pack(List<TrainingSample> samples, SourcePosition next, long nextSample)
    {
        int size = _options.CropSize, plane = size * size, count = samples.Count;
        var input = new float[count * MeanColorFill.NetworkInputChannels * plane];
        var target = new float[count * RgbImage.Channels * plane];
        var mask = new float[count * plane];
        for (int i = 0; i < count; i++)
        {
            TrainingSample s = samples[i];
            InpaintingMask hole = s.Hole;
            Span<float> sampleInput = input.AsSpan(i * MeanColorFill.NetworkInputChannels * plane, MeanColorFill.NetworkInputChannels * plane);
            NetworkInput.Write(s.Crop, hole, _mean, _options.Prefill, sampleInput);
            s.Crop.CopyToPlanar(target.AsSpan(i * RgbImage.Channels * plane, RgbImage.Channels * plane));
            sampleInput.Slice(RgbImage.Channels * plane, plane).CopyTo(mask.AsSpan(i * plane, plane));
        }

        return new TrainingBatch(count, input, target, mask, [.. samples.Select(s => s.CompletedPatch)], [.. samples.Select(s => s.RealPatch)], next, nextSample);
    }
}
