using GlcicML.Scenes;

namespace GlcicML.Training.Data;

/// <summary>Endless procedural scenes; scene k is fixed by the seed and k.</summary>
internal sealed class SyntheticImages(int width, int height) : TrainingImages
{
    public override string Description => $"synthetic scenes of {width}x{height}";

    internal override IEnumerable<SourceImage> Read(SourcePosition start, int seed, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        for (long index = start.Index; ; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong sceneSeed = Masks.MaskRandom.Mix((ulong)(uint)seed, (ulong)index, 0x5CE);
            yield return new SourceImage(SyntheticScene.Generate(width, height, sceneSeed), $"scene {index}", new SourcePosition(0, index + 1));
        }
    }
}
