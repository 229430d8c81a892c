namespace GlcicML.Training.Data;

/// <summary>One prepared training sample: a crop, its hole, and where the local discriminator looks.</summary>
/// <param name="Crop">The CropSize × CropSize crop (x in the paper).</param>
/// <param name="Hole">The hole mask M_c over the crop: one rectangle or free-form strokes.</param>
/// <param name="CompletedPatch">Top-left of the local patch centred on the hole's bounds (clamped into the crop).</param>
/// <param name="RealPatch">Top-left of a random local patch for the real sample (M_d).</param>
internal sealed record TrainingSample(RgbImage Crop, InpaintingMask Hole, (int X, int Y) CompletedPatch, (int X, int Y) RealPatch);
