namespace GlcicML.Training.Data;

/// <summary>
/// One batch in the network's planar layout, ready to become tensors, and where the data stream stands after it.
/// </summary>
/// <param name="Size">Samples in the batch.</param>
/// <param name="Input">N×4×S×S: RGB with the hole mean-filled, then the mask.</param>
/// <param name="Target">N×3×S×S: the original crop.</param>
/// <param name="Mask">N×1×S×S: 1 inside the hole.</param>
/// <param name="CompletedPatches">Per sample, the local patch's top-left for the completed image.</param>
/// <param name="RealPatches">Per sample, the local patch's top-left for the real image.</param>
/// <param name="NextPosition">Where to resume the image stream after this batch.</param>
/// <param name="NextSample">The running sample index after this batch.</param>
internal sealed record TrainingBatch(
    int Size,
    float[] Input,
    float[] Target,
    float[] Mask,
    (int X, int Y)[] CompletedPatches,
    (int X, int Y)[] RealPatches,
    SourcePosition NextPosition,
    long NextSample);
