namespace GlcicML.Training.Data;

/// <summary>Where an image stream is: the epoch and the index of the next image in that epoch's order.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Index">Images of this epoch already delivered or skipped.</param>
public readonly record struct SourcePosition(long Epoch, long Index);
