namespace GlcicML.Training.Data;

/// <summary>One prepared training sample: a crop, its hole, and where the local discriminator looks.</summary>
/// <param name="Crop">The CropSize × CropSize crop (x in the paper).</param>
/// <param name="Hole">The hole M_c, inside the crop.</param>
/// <param name="CompletedPatch">Top-left of the local patch centred on the hole (clamped into the crop).</param>
/// <param name="RealPatch">Top-left of a random local patch for the real sample (M_d).</param>
internal sealed record TrainingSample(RgbImage Crop, PixelRectangle Hole, (int X, int Y) CompletedPatch, (int X, int Y) RealPatch);
